qapi_macros::qapi_schema!("schemas/cond-invalid.json");

fn main() {}
