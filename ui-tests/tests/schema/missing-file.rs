qapi_macros::qapi_schema!("schemas/no-such-schema.json");

fn main() {}
