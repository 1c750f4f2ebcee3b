qapi_macros::qapi_schema!("schemas/member-clash.json");

fn main() {}
