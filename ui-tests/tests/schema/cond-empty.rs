qapi_macros::qapi_schema!("schemas/cond-empty.json");

fn main() {}
