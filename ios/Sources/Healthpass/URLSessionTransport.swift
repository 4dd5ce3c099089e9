import Foundation

/// The core's HTTP transport on URLSession: the system's trust store, proxy settings and App
/// Transport Security apply, and the core library ships no TLS stack of its own.
///
/// It only moves bytes; the core judges every reply. So the delegate refuses every redirect (the
/// 3xx comes back to the core, which refuses it), every status is handed back with its body, and
/// at most `maxReplyBytes + 1` bytes are kept (the task is cancelled past that; the core refuses
/// a longer body). URLSession has one request timeout (no reply data for that long, connecting
/// included): it gets `timeoutMillis`. The core calls `send` from its own background thread,
/// never the main thread, and `send` blocks that thread until the reply is in.
///
/// Not compiled here (the project's machines have no Swift toolchain): needs its first run on a Mac.
public final class URLSessionTransport: NSObject, HttpTransport, URLSessionDataDelegate, @unchecked Sendable {
    /// One exchange in flight: what has arrived so far, and the caller waiting for it.
    private final class Exchange {
        let limit: Int
        var response: HTTPURLResponse?
        var body = Data()
        var capped = false
        var outcome: Result<HttpReply, TransportError> = .failure(.Other)
        let done = DispatchSemaphore(value: 0)

        init(limit: Int) { self.limit = limit }
    }

    private let lock = NSLock()
    private var exchanges: [Int: Exchange] = [:]
    private var session: URLSession?

    public override init() {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    public func send(request: HttpRequest) throws -> HttpReply {
        guard let url = URL(string: request.url), let session else { throw TransportError.Other }
        var urlRequest = URLRequest(
            url: url, cachePolicy: .reloadIgnoringLocalCacheData,
            timeoutInterval: TimeInterval(request.timeoutMillis) / 1000)
        urlRequest.httpMethod = Self.name(of: request.method)
        for header in request.headers {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty {
            urlRequest.httpBody = request.body
        }
        let task = session.dataTask(with: urlRequest)
        let exchange = Exchange(limit: min(Int(clamping: request.maxReplyBytes), Int.max - 1) + 1)
        locked { exchanges[task.taskIdentifier] = exchange }
        task.resume()
        exchange.done.wait()
        return try exchange.outcome.get()
    }

    // MARK: URLSessionDataDelegate

    public func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)  // never followed: the 3xx itself is the reply
    }

    public func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        exchange(of: dataTask)?.response = response as? HTTPURLResponse
        completionHandler(.allow)
    }

    public func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let exchange = exchange(of: dataTask) else { return }
        exchange.body.append(data)
        if exchange.body.count >= exchange.limit {
            exchange.body = exchange.body.prefix(exchange.limit)
            exchange.capped = true
            dataTask.cancel()
        }
    }

    public func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let exchange = locked({ exchanges.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let error, !exchange.capped {
            exchange.outcome = .failure(Self.failure(of: error))
        } else if let response = exchange.response, let status = UInt16(exactly: response.statusCode) {
            let headers = response.allHeaderFields.compactMap { name, value -> HttpHeader? in
                guard let name = name as? String else { return nil }
                return HttpHeader(name: name, value: "\(value)")
            }
            exchange.outcome = .success(HttpReply(status: status, headers: headers, body: exchange.body))
        }
        exchange.done.signal()
    }

    private func exchange(of task: URLSessionTask) -> Exchange? {
        locked { exchanges[task.taskIdentifier] }
    }

    /// `body` under the lock (`NSLock.withLock` needs iOS 16; the package supports 15).
    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private static func name(of method: HttpMethod) -> String {
        switch method {
        case .get: return "GET"
        case .post: return "POST"
        case .put: return "PUT"
        case .delete: return "DELETE"
        }
    }

    /// The transport meaning of a URLSession failure.
    private static func failure(of error: Error) -> TransportError {
        guard let error = error as? URLError else { return .Other }
        switch error.code {
        case .timedOut:
            return .TimedOut
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
             .clientCertificateRequired, .appTransportSecurityRequiresSecureConnection:
            return .Tls
        case .notConnectedToInternet, .cannotFindHost, .cannotConnectToHost, .networkConnectionLost,
             .dnsLookupFailed, .internationalRoamingOff, .dataNotAllowed, .callIsActive:
            return .Offline
        default:
            return .Other
        }
    }
}
