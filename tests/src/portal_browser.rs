//! A cookie-keeping browser without JavaScript for the web portal's pages, as the Rust tests
//! use it (tests/portal/ drives the same pages in Chromium).

use std::collections::BTreeMap;

use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{CONTENT_SECURITY_POLICY, COOKIE, LOCATION, SET_COOKIE};

/// A cookie-keeping browser without JavaScript that does not follow redirects.
pub struct Browser {
    http: Client,
    base: String,
    cookies: BTreeMap<String, String>,
}

/// Status, the response's `Location`, its `Set-Cookie` lines and its body.
pub struct Page {
    /// The HTTP status.
    pub status: StatusCode,
    /// Where a redirect points.
    pub location: Option<String>,
    /// Every `Set-Cookie` line.
    pub set_cookies: Vec<String>,
    /// The body as text.
    pub body: String,
}

impl Browser {
    /// A browser with no cookies for the server at `base` (`http://127.0.0.1:PORT`).
    pub fn new(base: &str) -> Self {
        let http = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { http, base: base.to_owned(), cookies: BTreeMap::new() }
    }

    /// A POST to `path` carrying the browser's cookies, for what a form cannot send (other
    /// headers, other bodies); hand its response to [`Browser::keep`].
    pub fn raw_post(&self, path: &str) -> RequestBuilder {
        self.http.post(format!("{}{path}", self.base)).header(COOKIE, self.cookie_header())
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// Keeps the cookies `response` sets (checking its security policy) and reads it.
    pub fn keep(&mut self, response: Response) -> Page {
        let status = response.status();
        let location = response.headers().get(LOCATION).map(|v| v.to_str().unwrap().to_owned());
        let set_cookies: Vec<String> =
            response.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        for line in &set_cookies {
            let (pair, attributes) = line.split_once(';').unwrap_or((line, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let csp = response.headers().get(CONTENT_SECURITY_POLICY).map(|v| v.to_str().unwrap().to_owned());
        assert!(
            csp.as_deref().is_some_and(|p| p.contains("script-src 'self'") && !p.contains("unsafe")),
            "every portal response has the strict policy: {csp:?}"
        );
        Page { status, location, set_cookies, body: response.text().unwrap() }
    }

    /// GETs `path`, sending and keeping cookies.
    pub fn get(&mut self, path: &str) -> Page {
        let response = self.http.get(format!("{}{path}", self.base)).header(COOKIE, self.cookie_header()).send().unwrap();
        self.keep(response)
    }

    /// POSTs `form` to `path`, sending and keeping cookies.
    pub fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let response =
            self.http.post(format!("{}{path}", self.base)).header(COOKIE, self.cookie_header()).form(form).send().unwrap();
        self.keep(response)
    }

    /// Signs in with an account token through the login form.
    pub fn sign_in(&mut self, token: &str) -> Page {
        let form = self.get("/portal/login");
        let csrf = csrf_of(&form.body);
        self.post("/portal/login", &[("csrf", &csrf), ("token", token)])
    }

    /// The CSRF token of the page at `path`.
    pub fn csrf(&mut self, path: &str) -> String {
        let page = self.get(path);
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        csrf_of(&page.body)
    }
}

/// The CSRF token of the form in `body`.
pub fn csrf_of(body: &str) -> String {
    let start = body.find("name=\"csrf\" value=\"").expect("the page has a form with a CSRF token") + 19;
    body[start..].split('"').next().unwrap().to_owned()
}
