qapi_macros::qapi_schema!("schemas/doc-required.json");

fn main() {}
