qapi_macros::qapi_schema!("schemas/too-many-members.json");

fn main() {}
