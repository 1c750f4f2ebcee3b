qapi_macros::qapi_schema!("schemas/syntax-unclosed.json");

fn main() {}
