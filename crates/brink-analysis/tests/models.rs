//! The analyses with brink's real models on a fixture scenario with uncertain numbers.

use brink_analysis::{simulate, McOptions, SimulateOptions};
use brink_core::{BargainingModel, ModelParams, Scenario};

fn fixture() -> Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/talks.toml");
    let (s, _) = brink_formats::load_scenario(path).unwrap();
    s
}

fn json(threads: usize) -> String {
    let models = brink_models::registry();
    let mut mc = McOptions::new(600, 2026);
    mc.threads = Some(threads);
    let r = simulate(
        &fixture(),
        &models,
        &ModelParams::default(),
        SimulateOptions {
            mc,
            jitter: None,
            bins: 20,
        },
    )
    .unwrap();
    serde_json::to_string_pretty(&r).unwrap()
}

#[test]
fn one_and_two_threads_give_byte_identical_json() {
    assert_eq!(json(1), json(2));
}

#[test]
fn compromise_interval_brackets_its_median() {
    let v: serde_json::Value = serde_json::from_str(&json(2)).unwrap();
    for issue in v["issues"].as_array().unwrap() {
        let m = issue["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["model"] == "compromise")
            .unwrap();
        let q = |k: &str| m[k].as_f64().unwrap();
        assert!(q("p05") < q("median") && q("median") < q("p95"), "{m}");
        assert!(q("p05") <= q("point") && q("point") <= q("p95"), "{m}");
    }
}

#[test]
fn intervals_cover_every_model_and_issue() {
    let models: Vec<&dyn BargainingModel> = brink_models::registry();
    let iv =
        brink_analysis::intervals(&fixture(), &models, &ModelParams::default(), 300, 5).unwrap();
    assert_eq!(iv.len(), 2 * models.len());
    assert!(iv.iter().all(|i| i.p05 <= i.p95));
}

#[test]
fn the_bdm_kernel_gives_what_the_bdm_model_gives_draw_by_draw() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ec_emission.toml"
    );
    let (ec, _) = brink_formats::load_scenario(path).unwrap();
    let ec = brink_analysis::sample::jittered(&ec, 0.1);
    let models: [&dyn BargainingModel; 1] = [&brink_bdm::Bdm];
    for variant in ["scholz", "textbook"] {
        let params = ModelParams {
            variant: Some(variant.into()),
            ..ModelParams::default()
        };
        let mut generic = McOptions::new(120, 3);
        generic.use_kernels = false;
        let fast = McOptions::new(120, 3);
        let a = brink_analysis::montecarlo::run(&ec, &models, &params, generic).unwrap();
        let b = brink_analysis::montecarlo::run(&ec, &models, &params, fast).unwrap();
        assert_eq!(a.values, b.values, "{variant}");
        assert!(a.values.iter().all(|v| v.is_finite()));
    }
}

/// The seed scenario (12 actors, 5 issues, uncertain numbers).
fn iran() -> Scenario {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/iran-2026.toml"
    );
    brink_formats::load_scenario(path).unwrap().0
}

/// Monte Carlo of `model` through its kernel and through `run`: the same values (bit for bit,
/// failures included) draw by draw.
fn kernel_equals_run(scenario: &Scenario, model: &str, params: &ModelParams, runs: usize) {
    let models = [brink_models::by_name(model).unwrap()];
    assert!(models[0].kernel().is_some(), "{model} registers a kernel");
    let mut generic = McOptions::new(runs, 7);
    generic.use_kernels = false;
    let a = brink_analysis::montecarlo::run(scenario, &models, params, generic).unwrap();
    let b = brink_analysis::montecarlo::run(scenario, &models, params, McOptions::new(runs, 7))
        .unwrap();
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a.values), bits(&b.values), "{model} {params:?}");
    assert_eq!(a.failures, b.failures, "{model} {params:?}");
}

#[test]
fn the_smp_kernel_gives_what_the_smp_model_gives_draw_by_draw() {
    let ec = brink_analysis::sample::jittered(
        &brink_formats::load_scenario(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/ec_emission.toml"
        ))
        .unwrap()
        .0,
        0.1,
    );
    kernel_equals_run(&iran(), "smp", &ModelParams::default(), 60);
    kernel_equals_run(&ec, "smp", &ModelParams::default(), 60);
    let stable = ModelParams {
        until_stable: true,
        ..ModelParams::default()
    };
    kernel_equals_run(&iran(), "smp", &stable, 30);
    let stochastic = ModelParams {
        options: vec![("StateTransitions".into(), "Stochastic".into())],
        ..ModelParams::default()
    };
    kernel_equals_run(&iran(), "smp", &stochastic, 30);
}

#[test]
fn the_exchange_kernel_gives_what_the_exchange_model_gives_draw_by_draw() {
    // Inside Monte Carlo loops exchange computes in f64 (`sampling_params`): each draw's value
    // is the f64 model's answer for that draw, ties of gains within 1e-9 taken in decide's list
    // order; with `arithmetic=exact` it is the exact model's.
    let iran = iran();
    kernel_equals_run(&iran, "exchange", &ModelParams::default(), 60);
    for variant in ["random-equal", "random-rate"] {
        let p = ModelParams {
            variant: Some(variant.into()),
            ..ModelParams::default()
        };
        kernel_equals_run(&iran, "exchange", &p, 30);
    }
    let stable = ModelParams {
        until_stable: true,
        ..ModelParams::default()
    };
    // (The seed scenario's exchanges never settle: `until_stable` fails on it.)
    kernel_equals_run(&fixture(), "exchange", &stable, 60);
    let long = ModelParams {
        rounds: Some(30),
        ..ModelParams::default()
    };
    kernel_equals_run(&iran, "exchange", &long, 20);
    let exact = ModelParams {
        options: vec![("arithmetic".into(), "exact".into())],
        ..ModelParams::default()
    };
    kernel_equals_run(&iran, "exchange", &exact, 10);
}

#[test]
fn the_smp_kernel_reports_a_cycle_as_the_model_does() {
    // KTAB's SOE-Competitive cycles with period 2 under `until_stable` (brink-smp's
    // tests/convergence.rs): with no uncertain number every draw is that run, so the kernel's
    // mean over the cycle is compared with the model's on every draw.
    let Some(shared) = brink_testkit::shared_dir() else {
        brink_testkit::report_skip("KTAB example SOE-Competitive");
        return;
    };
    let file = shared.join("reference/ktab/input/SOE-Competitive.csv");
    let (scenario, _) = brink_formats::load_scenario(file.to_str().unwrap()).unwrap();
    assert!(!scenario.has_uncertainty());
    let stable = ModelParams {
        until_stable: true,
        ..ModelParams::default()
    };
    let models = [brink_models::by_name("smp").unwrap()];
    let run = models[0].run(&scenario, &stable, 0).unwrap();
    assert_eq!(run[0].1.extra["cycle"]["period"], 2);
    kernel_equals_run(&scenario, "smp", &stable, 4);
    let mc =
        brink_analysis::montecarlo::run(&scenario, &models, &stable, McOptions::new(4, 7)).unwrap();
    assert_eq!(mc.values[0].to_bits(), run[0].1.forecast.to_bits());
}
