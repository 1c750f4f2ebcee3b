qapi_macros::qapi_schema!("schemas/alternate-any.json");

fn main() {}
