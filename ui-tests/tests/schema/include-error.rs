qapi_macros::qapi_schema!("schemas/include-error.json");

fn main() {}
