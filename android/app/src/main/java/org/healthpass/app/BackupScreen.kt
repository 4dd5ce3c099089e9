package org.healthpass.app

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
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
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import java.text.DateFormat
import java.util.Date
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.healthpass.core.HealthPassport
import org.healthpass.presentation.BackupState
import org.healthpass.presentation.BackupViewModel
import org.healthpass.presentation.UiText

/**
 * Backup settings: turn on (the recovery code is shown once, here), back up now, restore on a
 * new phone, delete the server's copy. Every server call runs on Dispatchers.IO.
 */
@Composable
fun BackupScreen(passport: HealthPassport) {
    val viewModel = remember { BackupViewModel(passport, BuildConfig.SERVER_URL) }
    var state by remember { mutableStateOf(BackupState()) }
    var passphrase by remember { mutableStateOf("") }
    var code by remember { mutableStateOf("") }
    var confirmDelete by remember { mutableStateOf(false) }
    val scope = rememberCoroutineScope()
    fun run(call: suspend () -> BackupState) = scope.launch { state = withContext(Dispatchers.IO) { call() } }
    LaunchedEffect(Unit) { state = withContext(Dispatchers.IO) { viewModel.refresh() } }

    Column(Modifier.padding(16.dp)) {
        Text(stringResource(UiText.BACKUP_TITLE.stringRes()), style = MaterialTheme.typography.titleLarge)
        Text(stringResource(UiText.BACKUP_EXPLAINED.stringRes()))
        state.message?.let { Text(stringResource(it.stringRes()), style = MaterialTheme.typography.titleMedium) }
        state.recoveryCodeToShowOnce?.let {
            Text(stringResource(UiText.BACKUP_RECOVERY_CODE_ONCE.stringRes()))
            Text(it, fontFamily = FontFamily.Monospace, style = MaterialTheme.typography.headlineSmall)
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
