package org.healthpass.app

import android.Manifest
import android.content.pm.PackageManager
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import androidx.camera.core.Preview
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.LocalLifecycleOwner
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import java.text.DateFormat
import java.util.Date
import java.util.concurrent.Executors
import org.healthpass.core.HealthPassport
import org.healthpass.presentation.ScanState
import org.healthpass.presentation.ScanViewModel
import org.healthpass.presentation.UiText

/** The camera and the check-in confirmation. The core decodes and decides; this only draws. */
@Composable
fun ScanScreen(passport: HealthPassport) {
    val context = LocalContext.current
    val lifecycle = LocalLifecycleOwner.current
    var state by remember { mutableStateOf<ScanState>(ScanState.Scanning) }
    val main = remember { ContextCompat.getMainExecutor(context) }
    val viewModel = remember { ScanViewModel(passport) { next -> main.execute { state = next } } }
    var granted by remember {
        mutableStateOf(ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED)
    }
    val ask = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted = it }
    LaunchedEffect(Unit) { if (!granted) ask.launch(Manifest.permission.CAMERA) }

    Column(Modifier.fillMaxSize().padding(16.dp)) {
        when (val shown = state) {
            ScanState.Scanning -> {
                Text(stringResource(UiText.SCAN_HINT.stringRes()))
                if (granted) CameraPreview(lifecycle, viewModel::onFrame)
            }
            is ScanState.Confirmation -> Card(Modifier.padding(top = 16.dp)) {
                Column(Modifier.padding(16.dp)) {
                    Text(stringResource(shown.headline.stringRes()), style = androidx.compose.material3.MaterialTheme.typography.headlineSmall)
                    Text(shown.visit.venueName)
                    Text(shown.visit.venueAddress)
                    if (!shown.visit.verified) Text(stringResource(UiText.UNVERIFIED_EVENT_POSTER.stringRes()))
                    Text(stringResource(shown.visit.category.stringRes()))
                    Text(DateFormat.getTimeInstance(DateFormat.SHORT).format(Date(shown.visit.checkedInAt * 1000)))
                    shown.closedPreviousVenue?.let { Text(stringResource(UiText.CLOSED_PREVIOUS_VISIT.stringRes(), it)) }
                    Button(onClick = viewModel::dismiss) { Text(stringResource(UiText.DISMISS.stringRes())) }
                }
            }
            is ScanState.Refused -> Column {
                Text(stringResource(shown.message.stringRes()))
                Button(onClick = viewModel::dismiss) { Text(stringResource(UiText.DISMISS.stringRes())) }
            }
        }
    }
}

/** A camera frame's luma plane: bytes, width, height, row stride. */
typealias FrameSink = (ByteArray, Int, Int, Int) -> Unit

/** CameraX preview plus an analyser that hands each frame's Y plane to [onFrame] (scan, wallet, verifier). */
@Composable
fun CameraPreview(lifecycle: androidx.lifecycle.LifecycleOwner, onFrame: FrameSink) {
    val context = LocalContext.current
    val analysisThread = remember { Executors.newSingleThreadExecutor() }
    DisposableEffect(Unit) { onDispose { analysisThread.shutdown() } }
    AndroidView(factory = { PreviewView(it) }, modifier = Modifier.fillMaxSize()) { view ->
        val providerFuture = ProcessCameraProvider.getInstance(context)
        providerFuture.addListener({
            val provider = providerFuture.get()
            val preview = Preview.Builder().build().also { it.surfaceProvider = view.surfaceProvider }
            val analysis = ImageAnalysis.Builder()
                .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
                .build()
                .also { it.setAnalyzer(analysisThread) { image -> analyse(image, onFrame) } }
            provider.unbindAll()
            provider.bindToLifecycle(lifecycle, CameraSelector.DEFAULT_BACK_CAMERA, preview, analysis)
        }, ContextCompat.getMainExecutor(context))
    }
}

/** Copies the luma (Y) plane of a YUV_420_888 frame, keeping the camera's row stride. */
private fun analyse(image: ImageProxy, onFrame: FrameSink) {
    image.use {
        val plane = it.planes[0]
        val buffer = plane.buffer
        val bytes = ByteArray(buffer.remaining()).also(buffer::get)
        onFrame(bytes, it.width, it.height, plane.rowStride)
    }
}
