qapi_macros::qapi_schema!("schemas/redefined-type.json");

fn main() {}
