qapi_macros::qapi_schema!("schemas/doc-misplaced-returns.json");

fn main() {}
