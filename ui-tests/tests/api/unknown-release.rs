qapi_macros::qapi_schema!(path = "schemas/api.json", qemu = "9.1");

fn main() {}
