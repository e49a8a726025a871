//! Nobody else gets in. A local web app is reachable from any page the user's browser opens, so
//! every request must carry the access token (`?token=` on any URL, which then sets a cookie;
//! the cookie; or `Authorization: Bearer TOKEN`), name the server itself in `Host` (no DNS
//! rebinding) and, when it has an `Origin`, come from the server's own pages (no cross-site
//! writes). Files are read and written only inside the scenario folder: [`confined`] refuses
//! `..`, absolute paths and symlinks that lead out.

use crate::api::ApiError;
use crate::Shared;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::path::{Component, Path, PathBuf};

/// The cookie that carries the token once a `?token=` URL was opened (one per port, so two
/// servers on one machine do not overwrite each other's).
fn cookie_name(state: &Shared) -> String {
    format!("brink_token_{}", state.config.addr.port())
}

/// Compares in time that does not depend on where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn query_token(req: &Request) -> Option<String> {
    req.uri().query()?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == "token").then(|| v.to_string())
    })
}

fn cookie_token(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

fn bearer_token(req: &Request) -> Option<String> {
    let v = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    v.strip_prefix("Bearer ").map(|t| t.trim().to_string())
}

fn refuse(status: StatusCode, message: &str) -> Response {
    ApiError::new(status, message).into_response()
}

/// The middleware in front of every route.
pub async fn guard(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !state.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return refuse(
            StatusCode::FORBIDDEN,
            "the Host header does not name this server (DNS rebinding is refused)",
        );
    }
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let ok = origin
            .strip_prefix("http://")
            .is_some_and(|o| state.hosts.iter().any(|h| h.eq_ignore_ascii_case(o)));
        if !ok {
            return refuse(
                StatusCode::FORBIDDEN,
                "requests from other sites are refused (Origin is not this server)",
            );
        }
    }
    let token = &state.config.token;
    let name = cookie_name(&state);
    let from_query = query_token(&req).filter(|t| same(t, token));
    let ok = from_query.is_some()
        || cookie_token(&req, &name).is_some_and(|t| same(&t, token))
        || bearer_token(&req).is_some_and(|t| same(&t, token));
    if !ok {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "missing or wrong access token: open the URL `brink serve` printed (with ?token=), or send Authorization: Bearer TOKEN",
        );
    }
    let mut response = next.run(req).await;
    if from_query.is_some() {
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{name}={token}; Path=/; HttpOnly; SameSite=Strict"
        )) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    let h = response.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    response
}

/// `name` (a path relative to the scenario folder) as a path inside it, or a 400 saying why
/// not: empty, absolute, with `..` or `.`, or leading out through a symlink. With `must_exist`
/// false, a file that does not exist yet is allowed when its folder is inside.
pub fn confined(dir: &Path, name: &str, must_exist: bool) -> Result<PathBuf, ApiError> {
    let bad = |why: &str| ApiError::new(StatusCode::BAD_REQUEST, &format!("{name}: {why}"));
    if name.is_empty() || name.contains('\0') || name.contains('\\') {
        return Err(bad("not a file name in the scenario folder"));
    }
    let rel = Path::new(name);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(bad(
            "only paths inside the scenario folder are allowed (no `..`, no absolute path)",
        ));
    }
    let full = dir.join(rel);
    match full.canonicalize() {
        Ok(real) if real.starts_with(dir) => Ok(real),
        Ok(_) => Err(bad("leads outside the scenario folder (a symlink)")),
        Err(_) if must_exist => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            &format!("{name}: no such file in the scenario folder"),
        )),
        Err(_) => {
            // A dangling symlink would be followed by a write: refuse any symlink.
            if std::fs::symlink_metadata(&full).is_ok() {
                return Err(bad("leads outside the scenario folder (a symlink)"));
            }
            let parent = full.parent().ok_or_else(|| bad("no folder"))?;
            match parent.canonicalize() {
                Ok(p) if p.starts_with(dir) => Ok(p.join(full.file_name().unwrap_or_default())),
                _ => Err(bad("its folder is not inside the scenario folder")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().canonicalize().unwrap();
        std::fs::write(dir.join("a.toml"), "x").unwrap();
        assert!(confined(&dir, "a.toml", true).is_ok());
        assert!(confined(&dir, "new.toml", false).is_ok());
        assert_eq!(
            confined(&dir, "new.toml", true).unwrap_err().status,
            StatusCode::NOT_FOUND
        );
        for bad in [
            "../a.toml",
            "/etc/passwd",
            "./a.toml",
            "x/../../a",
            "",
            "a\\b",
        ] {
            assert_eq!(
                confined(&dir, bad, false).unwrap_err().status,
                StatusCode::BAD_REQUEST,
                "{bad}"
            );
        }
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::fs::write(outside.path().join("secret.toml"), "s").unwrap();
            std::os::unix::fs::symlink(outside.path().join("secret.toml"), dir.join("link.toml"))
                .unwrap();
            std::os::unix::fs::symlink(outside.path().join("none.toml"), dir.join("dangling.toml"))
                .unwrap();
            assert!(confined(&dir, "link.toml", true).is_err());
            assert!(confined(&dir, "dangling.toml", false).is_err());
        }
    }
}
