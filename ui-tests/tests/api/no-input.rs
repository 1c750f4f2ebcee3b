qapi_macros::qapi_schema!();

fn main() {}
