qapi_macros::qapi_schema!("schemas/feature-on-type.json");

fn main() {}
