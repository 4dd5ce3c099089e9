package org.healthpass.app

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
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
import androidx.compose.ui.platform.LocalLifecycleOwner
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.healthpass.core.HealthPassport
import org.healthpass.presentation.UiText
import org.healthpass.presentation.WalletState
import org.healthpass.presentation.WalletViewModel

/** The family's certificates: scan one to add it, remove one. */
@Composable
fun WalletScreen(passport: HealthPassport) {
    val scope = rememberCoroutineScope()
    val lifecycle = LocalLifecycleOwner.current
    val viewModel = remember { WalletViewModel(passport) }
    var state by remember { mutableStateOf(WalletState()) }
    var scanning by remember { mutableStateOf(false) }
    var confirmRemove by remember { mutableStateOf<Long?>(null) }
    fun run(action: () -> WalletState) = scope.launch { state = withContext(Dispatchers.IO) { action() } }
    LaunchedEffect(Unit) { run(viewModel::refresh) }

    Column(Modifier.padding(16.dp)) {
        state.message?.let { Text(stringResource(it.stringRes())) }
        if (scanning && state.message == null) {
            CameraPreview(lifecycle) { luma, width, height, stride ->
                val next = viewModel.onFrame(luma, width, height, stride)
                scope.launch { state = next; if (next.message != null) scanning = false }
            }
        } else {
            TextButton(onClick = { state = state.copy(message = null); scanning = true }) { Text(stringResource(UiText.SCAN_TITLE.stringRes())) }
        }
        if (state.isEmpty) Text(stringResource(UiText.WALLET_EMPTY.stringRes()))
        LazyColumn {
            items(state.rows, key = { it.id }) { row ->
                Card(Modifier.padding(vertical = 4.dp)) {
                    Column(Modifier.padding(12.dp)) {
                        Text(row.holder, style = MaterialTheme.typography.titleMedium)
                        Text(stringResource(row.format.stringRes()))
                        row.entries.forEach { Text(stringResource(it.text.stringRes(), *it.args.toTypedArray())) }
                        TextButton(onClick = { confirmRemove = row.id }) { Text(stringResource(UiText.REMOVE_CERTIFICATE.stringRes())) }
                    }
                }
            }
        }
    }
    confirmRemove?.let { id ->
        AlertDialog(
            onDismissRequest = { confirmRemove = null },
            text = { Text(stringResource(UiText.REMOVE_CERTIFICATE_CONFIRM.stringRes())) },
            confirmButton = { TextButton(onClick = { confirmRemove = null; run { viewModel.remove(id) } }) { Text(stringResource(UiText.REMOVE_CERTIFICATE.stringRes())) } },
            dismissButton = { TextButton(onClick = { confirmRemove = null }) { Text(stringResource(UiText.DISMISS.stringRes())) } },
        )
    }
}
