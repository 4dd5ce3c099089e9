package org.healthpass.app

import android.content.Intent
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
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
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import java.text.DateFormat
import java.util.Date
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.healthpass.core.HealthPassport
import org.healthpass.presentation.HistoryState
import org.healthpass.presentation.HistoryViewModel
import org.healthpass.presentation.UiText

/** The visit list, newest first, with check-out, CSV export and delete-everything. */
@Composable
fun HistoryScreen(passport: HealthPassport) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val viewModel = remember { HistoryViewModel(passport) }
    var state by remember { mutableStateOf(HistoryState()) }
    var confirmDelete by remember { mutableStateOf(false) }
    fun run(action: () -> HistoryState) = scope.launch { state = withContext(Dispatchers.IO) { action() } }
    LaunchedEffect(Unit) { run(viewModel::refresh) }
    val time = DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.SHORT)

    Column(Modifier.padding(16.dp)) {
        state.message?.let { Text(stringResource(it.stringRes())) }
        if (state.isEmpty) Text(stringResource(UiText.HISTORY_EMPTY.stringRes()))
        LazyColumn(Modifier.weight(1f)) {
            items(state.rows, key = { it.visitId }) { row ->
                Card(Modifier.padding(vertical = 4.dp)) {
                    Column(Modifier.padding(12.dp)) {
                        Text(row.venueName)
                        Text(row.venueAddress)
                        Text(stringResource(row.category.stringRes()))
                        Text(time.format(Date(row.checkedInAt * 1000)) + (row.endedAt?.let { " – " + time.format(Date(it * 1000)) } ?: ""))
                        Text(stringResource(row.ending.stringRes()))
                        if (row.canCheckOut) Button(onClick = { run(viewModel::checkOut) }) { Text(stringResource(UiText.CHECK_OUT.stringRes())) }
                    }
                }
            }
        }
        Button(onClick = {
            scope.launch {
                val csv = withContext(Dispatchers.IO) { viewModel.exportCsv() } ?: return@launch
                val share = Intent(Intent.ACTION_SEND).setType("text/csv").putExtra(Intent.EXTRA_TEXT, csv)
                context.startActivity(Intent.createChooser(share, null))
            }
        }) { Text(stringResource(UiText.EXPORT_CSV.stringRes())) }
        TextButton(onClick = { confirmDelete = true }) { Text(stringResource(UiText.DELETE_EVERYTHING.stringRes())) }
    }
    if (confirmDelete) {
        AlertDialog(
            onDismissRequest = { confirmDelete = false },
            text = { Text(stringResource(UiText.DELETE_EVERYTHING_CONFIRM.stringRes())) },
            confirmButton = { TextButton(onClick = { confirmDelete = false; run(viewModel::deleteEverything) }) { Text(stringResource(UiText.DELETE_EVERYTHING.stringRes())) } },
            dismissButton = { TextButton(onClick = { confirmDelete = false }) { Text(stringResource(UiText.DISMISS.stringRes())) } },
        )
    }
}
