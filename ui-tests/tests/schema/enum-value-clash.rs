qapi_macros::qapi_schema!("schemas/enum-value-clash.json");

fn main() {}
