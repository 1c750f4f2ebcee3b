qapi_macros::qapi_schema!("schemas/feature-duplicate.json");

fn main() {}
