qapi_macros::qapi_schema!("schemas/union-branch-not-value.json");

fn main() {}
