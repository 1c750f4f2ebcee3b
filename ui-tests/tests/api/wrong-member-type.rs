mod api {
    qapi_macros::qapi_schema!("schemas/api.json");
}

fn main() {
    let _ = api::Point { x: "one", y: 2, label: None };
}
