import AVFoundation
import Healthpass
import SwiftUI

/// The camera and the check-in confirmation. Frames go to the core, which decodes and decides.
struct ScanView: View {
    let passport: HealthPassport
    @StateObject private var scanner = FrameScanner()

    var body: some View {
        VStack(spacing: 16) {
            switch scanner.state {
            case .scanning:
                Text("scan_hint")
                CameraView(session: scanner.session)
            case .confirmed(let headline, let visit):
                VStack(alignment: .leading, spacing: 8) {
                    Text(headline).font(.title2)
                    Text(visit.venueName)
                    Text(visit.venueAddress)
                    if visit.posterKind == .cwa { Text("unverified_event_poster") }
                    Text(visit.category.nameKey)
                    Text(localDate(visit.checkedInAt), style: .time)
                    Button("dismiss") { scanner.dismiss() }
                }
            case .refused(let error):
                Text(error.messageKey)
                Button("dismiss") { scanner.dismiss() }
            }
        }
        .padding()
        .onAppear { scanner.start(passport: passport) }
        .onDisappear { scanner.stop() }
    }
}

/// Receives camera frames (bi-planar YUV, full range) and hands their Y plane to the core.
final class FrameScanner: NSObject, ObservableObject, AVCaptureVideoDataOutputSampleBufferDelegate {
    enum State {
        case scanning
        case confirmed(LocalizedStringKey, Visit)
        case refused(HealthpassError)
    }

    @Published private(set) var state: State = .scanning
    let session = AVCaptureSession()
    private let queue = DispatchQueue(label: "healthpass.frames")
    private var passport: HealthPassport?
    private var busy = false  // only touched on `queue`

    func start(passport: HealthPassport) {
        self.passport = passport
        startCamera(session, delegate: self, queue: queue)
    }

    func stop() { queue.async { [self] in session.stopRunning() } }

    func dismiss() { queue.async { [self] in busy = false; DispatchQueue.main.async { self.state = .scanning } } }

    func captureOutput(_ output: AVCaptureOutput, didOutput sample: CMSampleBuffer, from connection: AVCaptureConnection) {
        guard !busy, let passport, let frame = lumaPlane(sample) else { return }
        let (luma, width, height, stride) = frame
        let now = Int64(Date().timeIntervalSince1970)
        let next: State
        do {
            guard let outcome = try passport.checkInFrame(
                luma: luma, width: UInt32(width), height: UInt32(height), rowStride: UInt32(stride), nowUnixSeconds: now)
            else { return }
            switch outcome {
            case .checkedIn(let visit, _): next = .confirmed("checked_in", visit)
            case .checkedOut(let visit): next = .confirmed("checked_out", visit)
            case .alreadyCheckedIn(let visit): next = .confirmed("already_checked_in", visit)
            }
        } catch HealthpassError.DecoderFailure {
            return  // one bad frame; the next will do
        } catch let error as HealthpassError {
            next = .refused(error)
        } catch {
            return  // a panic in the core (UniffiInternalError): keep scanning
        }
        busy = true
        DispatchQueue.main.async { self.state = next }
    }
}

/// Starts `session` on the back camera (once), handing its frames (bi-planar YUV, full range)
/// to `delegate` on `queue`.
func startCamera(_ session: AVCaptureSession, delegate: AVCaptureVideoDataOutputSampleBufferDelegate, queue: DispatchQueue) {
    queue.async {
        guard session.inputs.isEmpty, let camera = AVCaptureDevice.default(for: .video),
              let input = try? AVCaptureDeviceInput(device: camera) else { return session.startRunning() }
        let output = AVCaptureVideoDataOutput()
        output.videoSettings = [kCVPixelBufferPixelFormatTypeKey as String: kCVPixelFormatType_420YpCbCr8BiPlanarFullRange]
        output.alwaysDiscardsLateVideoFrames = true
        output.setSampleBufferDelegate(delegate, queue: queue)
        session.addInput(input)
        session.addOutput(output)
        session.startRunning()
    }
}

/// A camera frame's Y plane: its bytes, width, height and row stride (bytes).
func lumaPlane(_ sample: CMSampleBuffer) -> (Data, Int, Int, Int)? {
    guard let pixels = CMSampleBufferGetImageBuffer(sample) else { return nil }
    CVPixelBufferLockBaseAddress(pixels, .readOnly)
    defer { CVPixelBufferUnlockBaseAddress(pixels, .readOnly) }
    guard let base = CVPixelBufferGetBaseAddressOfPlane(pixels, 0) else { return nil }
    let height = CVPixelBufferGetHeightOfPlane(pixels, 0)
    let stride = CVPixelBufferGetBytesPerRowOfPlane(pixels, 0)
    return (Data(bytes: base, count: stride * height), CVPixelBufferGetWidthOfPlane(pixels, 0), height, stride)
}

/// The live camera picture.
struct CameraView: UIViewRepresentable {
    let session: AVCaptureSession

    func makeUIView(context: Context) -> PreviewView {
        let view = PreviewView()
        view.previewLayer.session = session
        view.previewLayer.videoGravity = .resizeAspectFill
        return view
    }

    func updateUIView(_ view: PreviewView, context: Context) {}

    final class PreviewView: UIView {
        override class var layerClass: AnyClass { AVCaptureVideoPreviewLayer.self }
        var previewLayer: AVCaptureVideoPreviewLayer { layer as! AVCaptureVideoPreviewLayer }
    }
}
