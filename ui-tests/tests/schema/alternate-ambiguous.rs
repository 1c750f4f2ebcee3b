qapi_macros::qapi_schema!("schemas/alternate-ambiguous.json");

fn main() {}
