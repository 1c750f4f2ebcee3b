qapi_macros::qapi_schema!("schemas/syntax-stray.json");

fn main() {}
