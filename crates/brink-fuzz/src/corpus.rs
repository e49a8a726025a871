//! The seed inputs: the reference corpus of `../shared/reference` (every parser's formats), the
//! repo's scenarios, and built-in seeds so that a run without `../shared` still covers every kind.

use std::path::Path;

/// One seed: the name it is parsed under (its extension picks the parser) and its bytes.
#[derive(Clone, Debug)]
pub struct Seed {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Seeds larger than this are cut at a line break: big files slow every execution and add
/// little that their first lines do not.
pub const MAX_SEED_BYTES: usize = 4 * 1024;

const EXTENSIONS: &[&str] = &["toml", "json", "csv", "xml", "tsv", "txt", "efg", "nfg"];

/// Every seed: built-in ones, the repo's scenarios, and the reference corpus when present.
pub fn load() -> Vec<Seed> {
    let mut seeds = builtin();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    collect(&repo.join("scenarios"), &mut seeds);
    if let Some(shared) = brink_testkit::shared_dir() {
        for dir in ["bargaining", "decide", "deu3", "games", "ktab"] {
            collect(&shared.join("reference").join(dir), &mut seeds);
        }
    }
    seeds
}

/// Whether the reference corpus was found (the short run says so when it was not).
pub fn has_reference() -> bool {
    brink_testkit::shared_dir().is_some_and(|d| d.join("reference").is_dir())
}

fn collect(dir: &Path, seeds: &mut Vec<Seed>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort(); // the same corpus order on every machine: runs are reproducible
    for path in paths {
        if path.is_dir() {
            collect(&path, seeds);
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !EXTENSIONS.contains(&ext.as_str()) {
            continue;
        }
        let Ok(mut bytes) = std::fs::read(&path) else {
            continue;
        };
        if bytes.len() > MAX_SEED_BYTES {
            let cut = bytes[..MAX_SEED_BYTES]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(MAX_SEED_BYTES, |i| i + 1);
            bytes.truncate(cut);
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        seeds.push(Seed { name, bytes });
    }
}

fn seed(name: &str, text: &str) -> Seed {
    Seed {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// One small valid input per kind.
fn builtin() -> Vec<Seed> {
    vec![
        seed(
            "s.toml",
            "[scenario]\nname = \"s\"\n\n[[issue]]\nid = \"i\"\nscale = [0, 100]\nstatus_quo = 50\n\n\
             [[actor]]\nid = \"a\"\ncapability = 1\n\n[[actor]]\nid = \"b\"\ncapability = { mean = 2, sd = 0.5 }\n\n\
             [[position]]\nactor = \"a\"\nissue = \"i\"\nat = 10\nsalience = 0.5\n\n\
             [[position]]\nactor = \"b\"\nissue = \"i\"\nat = { min = 60, max = 90 }\nsalience = 1\n\n\
             [crisis]\ngame = \"deterrence\"\n",
        ),
        seed(
            "s.json",
            "{\"scenario\":{\"name\":\"s\"},\"issue\":[{\"id\":\"i\",\"name\":\"i\",\"scale\":[0,100]}],\
             \"actor\":[{\"id\":\"a\",\"name\":\"a\",\"capability\":1},{\"id\":\"b\",\"name\":\"b\",\"capability\":2}],\
             \"position\":[{\"actor\":\"a\",\"issue\":\"i\",\"at\":10,\"salience\":0.5},{\"actor\":\"b\",\"issue\":\"i\",\"at\":90,\"salience\":1}]}",
        ),
        seed(
            "b.csv",
            "actor,position,salience,capability\nA,10,0.5,1\nB,90,1,2\nC,50,0.8,3\n",
        ),
        seed(
            "k.csv",
            "s,d,2,1\nActor,Desc,Power,Dim,Sal\na,a,10,20,50\nb,b,20,80,70\n",
        ),
        seed(
            "k.xml",
            "<?xml version=\"1.0\"?>\n<Scenario><name>s</name><desc>d</desc><prngSeed>1</prngSeed>\
             <Dimensions><dName>D</dName></Dimensions><Actors><Actor><name>a</name><description>a</description>\
             <capability>10</capability><Position><Positions><dPos>20</dPos></Positions></Position>\
             <Salience><Saliences><dSal>50</dSal></Saliences></Salience></Actor></Actors></Scenario>\n",
        ),
        seed("d.txt", "#A\ta\tA\n#A\tb\tB\n#P\tp\tP\n#M\tp\t0\t100\n#D\ta\tp\t10\t0.5\t1\n#D\tb\tp\t90\t0.5\t2\n"),
        seed("u.tsv", "issue\tactor\tposition\tsalience\tcapability\toutcome\ni1\ta\t10\t50\t1\t40\ni1\tb\t90\t50\t2\t40\n"),
        seed(
            "g.efg",
            "EFG 2 R \"g\" { \"A\" \"B\" }\n\"\"\n\np \"\" 1 1 \"\" { \"L\" \"R\" } 0\n\
             c \"\" 1 \"\" { \"x\" 1/2 \"y\" 1/2 } 0\nt \"\" 1 \"o\" { 1, -1 }\nt \"\" 2 \"p\" { 0, 2 }\n\
             p \"\" 2 1 \"\" { \"l\" \"r\" } 0\nt \"\" 3 \"q\" { 3, 3 }\nt \"\" 4 \"r\" { -1, 0 }\n",
        ),
        seed(
            "g.nfg",
            "NFG 1 R \"g\" { \"A\" \"B\" } { 2 2 }\n\n3 3 0 5 5 0 1 1\n",
        ),
    ]
}
