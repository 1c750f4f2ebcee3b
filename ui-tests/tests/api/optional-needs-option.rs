mod api {
    qapi_macros::qapi_schema!("schemas/api.json");
}

fn main() {
    let _ = api::Point { x: 1, y: 2, label: String::from("p") };
}
