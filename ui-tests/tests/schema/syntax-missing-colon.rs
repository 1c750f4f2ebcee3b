qapi_macros::qapi_schema!("schemas/syntax-missing-colon.json");

fn main() {}
