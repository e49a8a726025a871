//! The published example data that brink-bdm's tests, benchmarks and examples share, typed in
//! once from their sources. Rows: (actor, capability, position, salience).
#![allow(dead_code)] // each includer uses part of it

/// EC emission standards for medium-sized cars: Bueno de Mesquita (1994) in *European Community
/// Decision Making* (Bueno de Mesquita & Stokman, eds.), as tabulated by Scholz, Calbert & Smith
/// (2011), Table 1; position in years.
pub const EC_EMISSION: [(&str, f64, f64, f64); 10] = [
    ("Netherlands", 0.08, 4.0, 0.8),
    ("Belgium", 0.08, 7.0, 0.4),
    ("Luxembourg", 0.03, 4.0, 0.2),
    ("Germany", 0.16, 4.0, 0.8),
    ("France", 0.16, 10.0, 0.6),
    ("Italy", 0.16, 10.0, 0.6),
    ("UK", 0.16, 10.0, 0.9),
    ("Ireland", 0.05, 7.0, 0.1),
    ("Denmark", 0.05, 4.0, 1.0),
    ("Greece", 0.08, 7.0, 0.7),
];

/// The Saudi oil price example: `Sultan.csv` of jmckib/bdm-scholz-expected-utility-model (also
/// ../shared/reference/bargaining/saudi_oil_17.csv); position in dollars per barrel.
pub const SAUDI_OIL: [(&str, f64, f64, f64); 17] = [
    ("HAWKS", 0.65, 14.25, 0.8),
    ("IRAN", 0.85, 14.20, 0.85),
    ("RUSSIA", 0.55, 14.20, 0.65),
    ("IPEC", 0.7, 14.10, 0.75),
    ("GULF", 0.5, 14.10, 0.75),
    ("MILITARY", 0.75, 14.00, 0.85),
    ("KUWAIT", 0.65, 14.00, 0.9),
    ("TRIBALS", 0.85, 13.95, 0.85),
    ("RELIGIOUS LEADERS", 0.95, 13.90, 0.9),
    ("BUSINESS", 0.6, 13.75, 0.8),
    ("SULTAN", 0.95, 13.40, 0.95),
    ("MAJLIS", 0.45, 13.35, 0.75),
    ("ABDULLAH", 1.0, 13.25, 0.9),
    ("FAHD", 1.05, 13.00, 0.9),
    ("USA", 0.6, 13.00, 0.7),
    ("NAZER", 0.8, 12.90, 0.85),
    ("EUR/JPN", 0.75, 12.85, 0.75),
];

/// A table as (positions, capabilities, saliences) columns, the order `BdmInputs` takes.
pub fn columns(table: &[(&str, f64, f64, f64)]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    (
        table.iter().map(|r| r.2).collect(),
        table.iter().map(|r| r.1).collect(),
        table.iter().map(|r| r.3).collect(),
    )
}
