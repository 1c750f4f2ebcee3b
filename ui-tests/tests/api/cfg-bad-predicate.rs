qapi_macros::qapi_schema!(path = "schemas/cfg.json", cfg(CONFIG_KVM = "feature = "));

fn main() {}
