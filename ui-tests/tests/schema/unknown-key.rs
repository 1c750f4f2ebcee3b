qapi_macros::qapi_schema!("schemas/unknown-key.json");

fn main() {}
