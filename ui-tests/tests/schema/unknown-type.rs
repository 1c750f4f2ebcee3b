qapi_macros::qapi_schema!("schemas/unknown-type.json");

fn main() {}
