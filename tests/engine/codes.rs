//! The service-code register through the engine API.

use runrate::api::codes::CodeFilter;
use runrate::error::Code;
use runrate::model::service_code::{CodeStatus, ServiceCodePatch, Stage};
use rust_decimal::dec;

use crate::common::{exploration_code, fixture, production_code};

#[tokio::test]
async fn migrations_run_once_on_an_empty_database() {
    let fx = fixture().await;
    let info = fx.engine.app_info().await.unwrap();
    assert!(info.migrations.len() >= 2, "{:?}", info.migrations);
    assert!(info.migrations[0].contains("foundation"));
    assert!(info.migrations.iter().any(|m| m.contains("imports")));
    fx.engine.close().await;

    // Opening the same file again applies nothing new and keeps the data.
    let again = runrate::api::Engine::open(
        &fx.db_path(),
        std::sync::Arc::new(runrate::clock::FixedClock::at(crate::common::NOW).unwrap()),
    )
    .await
    .unwrap();
    assert_eq!(again.app_info().await.unwrap().migrations, info.migrations);
    assert!(
        again
            .list_service_codes(CodeFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_code_with_capitals_is_rejected_naming_the_rule() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    let err = fx
        .engine
        .add_service_code(production_code("Fin-AP"))
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::Invalid);
    assert!(
        err.message.contains("breaks the code rule"),
        "{}",
        err.message
    );
    assert!(err.message.contains("try 'fin-ap'"), "{}", err.message);
    assert_eq!(err.fields[0].field, "code");
    assert!(
        fx.engine
            .list_service_codes(CodeFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn stage_rules_say_what_is_missing() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    let mut input = production_code("fin-ap-query-prod");
    input.business_owner.clear();
    input.cost_centre.clear();
    input.budget_cap.clear();
    let err = fx.engine.add_service_code(input).await.unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert!(fields.contains(&"business_owner"), "{fields:?}");
    assert!(fields.contains(&"cost_centre"), "{fields:?}");
    assert!(fields.contains(&"budget_cap"), "{fields:?}");
    let owner = err
        .fields
        .iter()
        .find(|f| f.field == "business_owner")
        .unwrap();
    assert!(
        owner.message.to_lowercase().contains("business owner"),
        "{}",
        owner.message
    );

    // Exploration needs none of that.
    fx.engine
        .add_service_code(exploration_code("fin-ap-trial-sandbox", "Finance"))
        .await
        .unwrap();
}

#[tokio::test]
async fn duplicate_codes_conflict() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    fx.engine
        .add_service_code(production_code("fin-ap-query-prod"))
        .await
        .unwrap();
    let err = fx
        .engine
        .add_service_code(production_code("fin-ap-query-prod"))
        .await
        .unwrap_err();
    assert!(
        matches!(err.code, Code::Conflict | Code::Invalid),
        "{err:?}"
    );
    assert!(err.message.contains("fin-ap-query-prod"), "{}", err.message);
}

#[tokio::test]
async fn a_valid_code_round_trips_through_edit_retire_export_and_import() {
    let fx = fixture().await;
    fx.engine
        .add_department("Finance", &["fin".to_string()])
        .await
        .unwrap();
    let mut input = production_code("fin-ap-query-prod");
    input.department = "FIN".to_string(); // resolved through the alias
    let added = fx.engine.add_service_code(input).await.unwrap();
    assert_eq!(added.department, "Finance");
    assert_eq!(added.budget_cap, Some(dec!(1200)));
    assert_eq!(added.stage, Stage::Production);

    let edited = fx
        .engine
        .patch_service_code(
            "fin-ap-query-prod",
            ServiceCodePatch {
                budget_cap: Some("1500.50".to_string()),
                technical_owner: Some(String::new()),
                ..ServiceCodePatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(edited.budget_cap, Some(dec!(1500.50)));
    assert_eq!(edited.technical_owner, None);

    let retired = fx
        .engine
        .retire_service_code("fin-ap-query-prod")
        .await
        .unwrap();
    assert_eq!(retired.status, CodeStatus::Retired);
    let again = fx
        .engine
        .retire_service_code("fin-ap-query-prod")
        .await
        .unwrap_err();
    assert_eq!(again.code, Code::Conflict);

    let filter = CodeFilter {
        status: Some(CodeStatus::Active),
        ..CodeFilter::default()
    };
    assert!(
        fx.engine
            .list_service_codes(filter)
            .await
            .unwrap()
            .is_empty()
    );

    for name in ["register.xlsx", "register.csv"] {
        let path = fx.dir.path().join(name);
        assert_eq!(fx.engine.export_register(&path).await.unwrap().records, 1);

        let other = crate::common::fixture().await;
        let preview = other.engine.import_register(&path, true).await.unwrap();
        assert!(!preview.committed);
        assert_eq!(preview.created, vec!["fin-ap-query-prod".to_string()]);
        assert!(preview.rejected.is_empty(), "{:?}", preview.rejected);
        assert!(
            other
                .engine
                .list_service_codes(CodeFilter::default())
                .await
                .unwrap()
                .is_empty(),
            "a preview must not save anything"
        );

        let imported = other.engine.import_register(&path, false).await.unwrap();
        assert!(imported.committed, "{imported:?}");
        assert_eq!(imported.departments_created, vec!["Finance".to_string()]);
        let back = other
            .engine
            .service_code("fin-ap-query-prod")
            .await
            .unwrap();
        let original = fx.engine.service_code("fin-ap-query-prod").await.unwrap();
        assert_eq!(back.to_input(), original.to_input(), "{name}");
        assert_eq!(back.status, CodeStatus::Retired, "{name}");

        // Importing the same file again changes nothing.
        let twice = other.engine.import_register(&path, false).await.unwrap();
        assert_eq!(
            twice.unchanged,
            vec!["fin-ap-query-prod".to_string()],
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_register_with_one_bad_row_imports_nothing() {
    let fx = fixture().await;
    let path = fx.dir.path().join("bad.csv");
    std::fs::write(
        &path,
        "code,description,department,environment,stage,model_tier,data_classification,monthly_budget_cap\n\
         cs-case-summary-sandbox,Summaries,Customer Service,sandbox,exploration,economy,internal,\n\
         cs-triage-sandbox,Triage,Customer Service,sandbox,exploration,economy,internal,\"1,2.3\"\n",
    )
    .unwrap();
    let result = fx.engine.import_register(&path, false).await;
    match result {
        Ok(report) => {
            assert!(!report.committed);
            assert_eq!(report.rejected.len(), 1, "{report:?}");
            assert_eq!(report.rejected[0].row, 3);
        }
        Err(e) => assert!(e.message.contains("row 3"), "{}", e.message),
    }
    assert!(
        fx.engine
            .list_service_codes(CodeFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(fx.engine.list_departments().await.unwrap().is_empty());
}

#[tokio::test]
async fn search_matches_owner_department_and_words() {
    let fx = fixture().await;
    fx.engine.add_department("Finance", &[]).await.unwrap();
    fx.engine
        .add_department("Customer Service", &["cs".to_string()])
        .await
        .unwrap();
    fx.engine
        .add_service_code(production_code("fin-ap-query-prod"))
        .await
        .unwrap();
    fx.engine
        .add_service_code(exploration_code("cs-case-summary-sandbox", "cs"))
        .await
        .unwrap();
    let find = |search: &str| {
        let filter = CodeFilter {
            search: Some(search.to_string()),
            ..CodeFilter::default()
        };
        let engine = &fx.engine;
        async move {
            engine
                .list_service_codes(filter)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.code)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(find("ana").await, vec!["fin-ap-query-prod"]);
    assert_eq!(
        find("customer closed").await,
        vec!["cs-case-summary-sandbox"]
    );
    assert!(find("nothing-like-this").await.is_empty());
}

#[tokio::test]
async fn the_demo_loads_into_an_empty_database_only() {
    let fx = fixture().await;
    assert!(fx.engine.is_empty().await.unwrap());
    let loaded = fx.engine.load_demo().await.unwrap();
    assert_eq!(loaded.service_codes, 7);
    assert!(!fx.engine.is_empty().await.unwrap());
    assert_eq!(
        fx.engine.department("Cust Svc").await.unwrap().name,
        "Customer Service"
    );
    assert_eq!(fx.engine.list_rules().await.unwrap().len(), loaded.rules);
    assert!(fx.engine.verify_audit().await.unwrap().valid);
    let again = fx.engine.load_demo().await.unwrap_err();
    assert_eq!(again.code, Code::Conflict);
}
