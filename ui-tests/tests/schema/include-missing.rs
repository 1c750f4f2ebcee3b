qapi_macros::qapi_schema!("schemas/include-missing.json");

fn main() {}
