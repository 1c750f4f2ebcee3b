qapi_macros::qapi_schema!("schemas/returns-scalar.json");

fn main() {}
