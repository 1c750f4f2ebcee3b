qapi_macros::qapi_schema!("schemas/doc-undocumented-member.json");

fn main() {}
