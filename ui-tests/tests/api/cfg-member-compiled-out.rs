mod api {
    qapi_macros::qapi_schema!(path = "schemas/cfg.json", cfg(CONFIG_KVM = "any()"));
}

fn main() {
    let _ = api::Info {
        name: String::new(),
        slots: Some(4),
    };
}
