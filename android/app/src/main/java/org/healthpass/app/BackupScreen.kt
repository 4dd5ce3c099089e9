package org.healthpass.app

import android.content.Context
import android.os.Bundle
import android.os.CancellationSignal
import android.os.ParcelFileDescriptor
import android.print.PageRange
import android.print.PrintAttributes
import android.print.PrintDocumentAdapter
import android.print.PrintDocumentInfo
import android.print.PrintManager
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.LocalLifecycleOwner
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import java.io.FileOutputStream
import java.net.Inet4Address
import java.net.NetworkInterface
import java.text.DateFormat
import java.util.Date
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.healthpass.core.HealthPassport
import org.healthpass.core.QrModules
import org.healthpass.presentation.BackupState
import org.healthpass.presentation.BackupViewModel
import org.healthpass.presentation.TransferState
import org.healthpass.presentation.UiText

/**
 * Backup settings: turn on (the recovery code is shown once, here, with its QR code and a
 * printable sheet), back up now, restore on a new phone, delete the server's copy, and move
 * everything to a new phone on the same Wi-Fi or hotspot. Every server or phone-to-phone call
 * runs on Dispatchers.IO.
 */
@Composable
fun BackupScreen(passport: HealthPassport) {
    val viewModel = remember { BackupViewModel(passport, BuildConfig.SERVER_URL) }
    var state by remember { mutableStateOf(BackupState()) }
    var passphrase by remember { mutableStateOf("") }
    var code by remember { mutableStateOf("") }
    var confirmDelete by remember { mutableStateOf(false) }
    var receiving by remember { mutableStateOf(false) }
    val context = LocalContext.current
    val lifecycle = LocalLifecycleOwner.current
    val scope = rememberCoroutineScope()
    fun run(call: suspend () -> BackupState) = scope.launch { state = withContext(Dispatchers.IO) { call() } }
    LaunchedEffect(Unit) { state = withContext(Dispatchers.IO) { viewModel.refresh() } }

    Column(Modifier.padding(16.dp).verticalScroll(rememberScrollState())) {
        Text(stringResource(UiText.BACKUP_TITLE.stringRes()), style = MaterialTheme.typography.titleLarge)
        Text(stringResource(UiText.BACKUP_EXPLAINED.stringRes()))
        state.message?.let { Text(stringResource(it.stringRes()), style = MaterialTheme.typography.titleMedium) }
        state.recoveryCodeToShowOnce?.let {
            Text(stringResource(UiText.BACKUP_RECOVERY_CODE_ONCE.stringRes()))
            Text(it, fontFamily = FontFamily.Monospace, style = MaterialTheme.typography.headlineSmall)
            state.recoveryCodeQr?.let { qr -> QrCode(qr) }
            Button(onClick = {
                scope.launch { withContext(Dispatchers.IO) { viewModel.recoverySheet() }?.let { pdf -> printSheet(context, pdf) } }
            }) { Text(stringResource(UiText.BACKUP_SAVE_SHEET.stringRes())) }
            TextButton(onClick = { state = viewModel.hideRecoveryCode() }) { Text(stringResource(UiText.BACKUP_CODE_WRITTEN.stringRes())) }
        }
        state.restored?.let { (visits, certificates, alerts) ->
            Text(stringResource(UiText.BACKUP_RESTORED.stringRes(), visits, certificates, alerts))
        }
        if (state.enabled) {
            state.lastBackup?.let {
                Text(stringResource(UiText.BACKUP_LAST.stringRes(), DateFormat.getDateTimeInstance().format(Date(it * 1000))))
            }
            Button(onClick = { run { viewModel.backUpNow() } }) { Text(stringResource(UiText.BACKUP_NOW.stringRes())) }
            Button(onClick = { confirmDelete = true }) { Text(stringResource(UiText.BACKUP_DELETE.stringRes())) }
        } else {
            Text(stringResource(UiText.BACKUP_OFF.stringRes()))
            OutlinedTextField(
                passphrase, { passphrase = it },
                label = { Text(stringResource(UiText.BACKUP_PASSPHRASE_OPTIONAL.stringRes())) },
                visualTransformation = PasswordVisualTransformation(),
            )
            Button(onClick = { run { viewModel.enable(passphrase) } }) { Text(stringResource(UiText.BACKUP_ENABLE.stringRes())) }
            OutlinedTextField(code, { code = it }, label = { Text(stringResource(UiText.BACKUP_RECOVERY_CODE.stringRes())) })
            Button(onClick = { run { viewModel.restore(code, passphrase) } }) { Text(stringResource(UiText.BACKUP_RESTORE.stringRes())) }
        }

        Text(stringResource(UiText.TRANSFER_TITLE.stringRes()), style = MaterialTheme.typography.titleLarge)
        Text(stringResource(UiText.TRANSFER_EXPLAINED.stringRes()))
        when (val transfer = state.transfer) {
            is TransferState.Offering -> {
                Text(stringResource(UiText.TRANSFER_OFFERING.stringRes()))
                QrCode(transfer.qr)
            }
            TransferState.Waiting -> {
                Text(stringResource(UiText.TRANSFER_SCAN.stringRes()))
                // A fixed height: the camera preview fills its box, and this column scrolls.
                if (!receiving) Box(Modifier.height(320.dp)) {
                    CameraPreview(lifecycle) { luma, width, height, stride ->
                        val scanned = viewModel.transferCodeIn(luma, width, height, stride) ?: return@CameraPreview
                        scope.launch { if (!receiving) { receiving = true; run { viewModel.receiveTransfer(scanned) }.join(); receiving = false } }
                    }
                }
            }
            else -> {
                when (transfer) {
                    TransferState.Sent -> Text(stringResource(UiText.TRANSFER_SENT.stringRes()))
                    is TransferState.Received ->
                        Text(stringResource(UiText.BACKUP_RESTORED.stringRes(), transfer.visits, transfer.certificates, transfer.alerts))
                    is TransferState.Failed -> Text(stringResource(transfer.message.stringRes()))
                    else -> Unit
                }
                Button(onClick = {
                    scope.launch {
                        state = withContext(Dispatchers.IO) { viewModel.offerTransfer(localNetworkAddress()) }
                        if (state.transfer is TransferState.Offering) run { viewModel.serveTransfer() }
                    }
                }) { Text(stringResource(UiText.TRANSFER_OFFER.stringRes())) }
                Button(onClick = { state = viewModel.scanForTransfer() }) { Text(stringResource(UiText.TRANSFER_RECEIVE.stringRes())) }
            }
        }
    }
    if (confirmDelete) {
        AlertDialog(
            onDismissRequest = { confirmDelete = false },
            text = { Text(stringResource(UiText.BACKUP_DELETE_CONFIRM.stringRes())) },
            confirmButton = {
                TextButton(onClick = { confirmDelete = false; run { viewModel.delete() } }) {
                    Text(stringResource(UiText.BACKUP_DELETE.stringRes()))
                }
            },
            dismissButton = { TextButton(onClick = { confirmDelete = false }) { Text(stringResource(UiText.DISMISS.stringRes())) } },
        )
    }
}

/** [qr] drawn on a white square with four light modules around it, as the sheet prints it. */
@Composable
private fun QrCode(qr: QrModules) {
    val side = qr.side.toInt()
    Canvas(Modifier.padding(vertical = 8.dp).size(240.dp)) {
        val module = size.width / (side + 8)
        drawRect(Color.White)
        for (i in qr.dark.indices) {
            if (qr.dark[i]) drawRect(Color.Black, Offset((i % side + 4) * module, (i / side + 4) * module), Size(module, module))
        }
    }
}

/**
 * This phone's IPv4 address on the Wi-Fi it joined or the hotspot it runs (a private address),
 * or "" when it has none; the core refuses any other address.
 */
private fun localNetworkAddress(): String =
    NetworkInterface.getNetworkInterfaces().toList()
        .filter { it.isUp && !it.isLoopback }
        .flatMap { it.inetAddresses.toList() }
        .firstOrNull { it is Inet4Address && it.isSiteLocalAddress }
        ?.hostAddress ?: ""

/** Opens the system print dialog (which can also save a PDF file) for the recovery sheet [pdf]. */
private fun printSheet(context: Context, pdf: ByteArray) {
    val name = "healthpass-recovery-sheet.pdf"
    context.getSystemService(PrintManager::class.java).print(name, object : PrintDocumentAdapter() {
        override fun onLayout(
            oldAttributes: PrintAttributes?,
            newAttributes: PrintAttributes,
            cancellation: CancellationSignal?,
            callback: LayoutResultCallback,
            extras: Bundle?,
        ) {
            val info = PrintDocumentInfo.Builder(name).setContentType(PrintDocumentInfo.CONTENT_TYPE_DOCUMENT).setPageCount(1).build()
            callback.onLayoutFinished(info, oldAttributes != newAttributes)
        }

        override fun onWrite(
            pages: Array<out PageRange>,
            destination: ParcelFileDescriptor,
            cancellation: CancellationSignal?,
            callback: WriteResultCallback,
        ) {
            FileOutputStream(destination.fileDescriptor).use { it.write(pdf) }
            callback.onWriteFinished(arrayOf(PageRange.ALL_PAGES))
        }
    }, null)
}
