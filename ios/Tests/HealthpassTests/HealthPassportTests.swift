import CoreGraphics
import Foundation
import ImageIO
import XCTest

@testable import Healthpass

/// The citizen's flow through the generated Swift bindings and the real static library.
/// Fixtures were made with the `healthpass` CLI: a registry key, a signed poster for
/// "Toko Maju" valid 2026-11-01 … 2036-10-30, as PNG and as QR text.
final class HealthPassportTests: XCTestCase {
    /// 2026-11-23T03:00:00Z, 10:00 in Jakarta.
    let tenAm: Int64 = 1_795_402_800
    var passport: HealthPassport!

    override func setUpWithError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        passport = try HealthPassport.open(path: dir.appendingPathComponent("passport.db").path, transport: URLSessionTransport())
        try passport.setTrustedRegistryKeys(keys: [fixtureText("registry.pub")])
    }

    func fixtureText(_ name: String) throws -> String {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The poster PNG as an 8-bit grey frame, as the camera's Y plane would deliver it.
    func posterFrame() throws -> (Data, UInt32, UInt32) {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "toko-maju.png", withExtension: nil, subdirectory: "Fixtures"))
        let source = try XCTUnwrap(CGImageSourceCreateWithURL(url as CFURL, nil))
        let image = try XCTUnwrap(CGImageSourceCreateImageAtIndex(source, 0, nil))
        var bytes = Data(count: image.width * image.height)
        bytes.withUnsafeMutableBytes { buffer in
            let context = CGContext(
                data: buffer.baseAddress, width: image.width, height: image.height, bitsPerComponent: 8,
                bytesPerRow: image.width, space: CGColorSpaceCreateDeviceGray(), bitmapInfo: CGImageAlphaInfo.none.rawValue)
            context?.draw(image, in: CGRect(x: 0, y: 0, width: image.width, height: image.height))
        }
        return (bytes, UInt32(image.width), UInt32(image.height))
    }

    func testPosterFrameChecksInThenCheckOutAndHistory() throws {
        let (bytes, width, height) = try posterFrame()
        let outcome = try passport.checkInFrame(luma: bytes, width: width, height: height, rowStride: width, nowUnixSeconds: tenAm)
        guard case .checkedIn(let visit, let closedPrevious)? = outcome else { return XCTFail("\(String(describing: outcome))") }
        XCTAssertEqual(visit.venueName, "Toko Maju")
        XCTAssertEqual(visit.category, .shop)
        XCTAssertNil(closedPrevious)

        let closed = try passport.checkOut(nowUnixSeconds: tenAm + 600)
        XCTAssertEqual(closed.end, .checkedOut(at: tenAm + 600, kind: .manual))
        XCTAssertEqual(try passport.history(nowUnixSeconds: tenAm + 700), [closed])
    }

    func testForgedPosterThrowsForgedSignature() throws {
        // The same poster with one byte of the signed address changed after signing.
        let text = try fixtureText("toko-maju-forged.txt")
        XCTAssertThrowsError(try passport.checkInQr(text: text, nowUnixSeconds: tenAm)) { error in
            XCTAssertEqual(error as? HealthpassError, .ForgedSignature)
        }
        XCTAssertEqual(try passport.history(nowUnixSeconds: tenAm), [])
    }

    func testInvalidFrameThrowsInvalidFrame() {
        XCTAssertThrowsError(try decodeFrame(luma: Data(count: 10), width: 64, height: 48, rowStride: 64)) { error in
            guard case .InvalidFrame? = error as? HealthpassError else { return XCTFail("\(error)") }
        }
    }

    /// BE/1 of the shared EU DCC vectors (Belgium, vaccination 2 of 2) at its validation clock,
    /// 2021-08-19T10:01:55Z, under a trust list with its signer, signed by a test trust root.
    let certificateClock: Int64 = 1_629_367_315

    func installTestTrustList() throws {
        XCTAssertNil(try passport.setTrustRoots(keys: [fixtureText("trust-root.pub")]))
        let url = try XCTUnwrap(Bundle.module.url(forResource: "trust-list.json", withExtension: nil, subdirectory: "Fixtures"))
        let list = try passport.installTrustList(file: Data(contentsOf: url))
        XCTAssertEqual(list.signers, 2)
    }

    func testCertificateInTheWalletGivesStatusAndCounterChecks() throws {
        try installTestTrustList()
        let added = try passport.addCertificate(qrText: fixtureText("dcc-be-1.txt"), holder: nil, nowUnixSeconds: certificateClock)
        XCTAssertEqual(added.holder, "Peter Paul Maria Ebraert")
        XCTAssertEqual(added.entries, [.vaccination(doseNumber: 2, seriesDoses: 2, date: "2021-07-03")])

        let status = try XCTUnwrap(try passport.status(nowUnixSeconds: certificateClock).first)
        XCTAssertEqual(status.colour, .yellow)
        XCTAssertEqual(status.reason, "two_doses")

        let check = try passport.verifyForService(service: .publicService, qrText: added.qrText, nowUnixSeconds: certificateClock)
        XCTAssertTrue(check.allowed)
        XCTAssertEqual(check.dateOfBirth, "1980-01-14")
        let mall = try passport.verifyForService(service: .mall, qrText: added.qrText, nowUnixSeconds: certificateClock)
        XCTAssertFalse(mall.allowed)
    }

    func testCertificateWithABrokenSignatureThrowsCertificateForged() throws {
        try installTestTrustList()
        XCTAssertThrowsError(
            try passport.verifyForService(service: .publicService, qrText: fixtureText("dcc-co5.txt"), nowUnixSeconds: certificateClock)
        ) { error in
            XCTAssertEqual(error as? HealthpassError, .CertificateForged)
        }
    }
}
