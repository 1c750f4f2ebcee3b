qapi_macros::qapi_schema!("schemas/syntax-bad-escape.json");

fn main() {}
