qapi_macros::qapi_schema!("schemas/bad-name.json");

fn main() {}
