"""The "Your data" page: upload CSV files or a zipped data folder, check them, then use them for
this session only; and spreadsheet-safe downloads of the data in view.

Uploaded files are written into a private temporary folder; the curated data is only read. The
shell loads from `st.session_state[DATA_DIR_STATE]` when it is set. The folder's owner is kept in
the session state, so the folder goes when the check is replaced or the server stops, and
`upload_sessions` removes it when the session ends.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from kursk_monitor import export, i18n, upload
from kursk_monitor.dataset import data_dir
from kursk_monitor.problems import Problem
from kursk_monitor_ui import upload_sessions
from kursk_monitor_ui.shell import DATA_DIR_STATE, OWN_ROWS, Context, page_footer

PENDING = "km_upload_pending"  # PreparedData waiting for "Use this data"
PENDING_SIGNATURE = "km_upload_signature"
ACTIVE_MODE = "km_upload_active_mode"
ACTIVE_OWNER = "km_upload_active_owner"  # the UploadFolder behind DATA_DIR_STATE
UPLOADER_KEY = "km_upload_files"
MODE_KEY = "km_upload_mode"
DATE_KEYS = ("from", "to")  # the shell's date widgets


def render(ctx: Context) -> None:
    st.title(ctx.t("data_page.title"))
    st.write(ctx.t("data_page.intro"))
    _status(ctx)
    st.subheader(ctx.t("data_page.upload_header"))
    files = st.file_uploader(
        ctx.t("data_page.upload_label"),
        type=["csv", "zip"],
        accept_multiple_files=True,
        key=UPLOADER_KEY,
        help=ctx.t(
            "data_page.upload_help",
            mb=upload.MAX_FILE_BYTES // upload.MB,
            rows=i18n.fmt_number(upload.MAX_ROWS_PER_FILE, ctx.lang),
        ),
    )
    st.caption(ctx.t("import.upload_note"))
    mode = st.radio(
        ctx.t("data_page.mode_label"),
        upload.MODES,
        format_func=lambda m: ctx.t(f"data_page.mode_{m}"),
        key=MODE_KEY,
        horizontal=True,
        help=ctx.t("data_page.mode_help"),
    )
    if files:
        _check(ctx, files, mode)
    else:
        _forget_pending()
        st.caption(ctx.t("data_page.no_files"))
    pending = st.session_state.get(PENDING)
    if pending is not None:
        _report(ctx, pending)
    st.divider()
    render_downloads(ctx)
    page_footer(ctx)


def _status(ctx: Context) -> None:
    active = st.session_state.get(DATA_DIR_STATE)
    if active:
        mode = st.session_state.get(ACTIVE_MODE, "merge")
        st.info(ctx.t(f"data_page.active_{mode}"), icon=":material/folder_open:")
        st.button(
            ctx.t("data_page.back_to_curated"),
            on_click=back_to_curated,
            key="km_back_to_curated",
            icon=":material/undo:",
        )
    else:
        st.caption(ctx.t("data_page.using_curated"))


def _signature(files, mode: str) -> str:
    digest = hashlib.sha256(mode.encode())
    for item in files:
        digest.update(item.name.encode("utf-8", "replace"))
        digest.update(item.getvalue())
    return digest.hexdigest()


def _check(ctx: Context, files, mode: str) -> None:
    signature = _signature(files, mode)
    if st.session_state.get(PENDING_SIGNATURE) == signature:
        return
    _forget_pending()
    with st.spinner(ctx.t("data_page.checking")):
        prepared = upload.prepare([(f.name, f.getvalue()) for f in files], mode, data_dir())
    upload_sessions.track(prepared.owner)
    st.session_state[PENDING] = prepared
    st.session_state[PENDING_SIGNATURE] = signature


def _forget_pending() -> None:
    pending = st.session_state.pop(PENDING, None)
    st.session_state.pop(PENDING_SIGNATURE, None)
    if pending is not None and pending.owner is not None and pending.owner is not st.session_state.get(ACTIVE_OWNER):
        pending.owner.discard()


def use_pending() -> None:
    """Callback of "Use this data": switch this session to the checked folder."""
    pending = st.session_state.get(PENDING)
    if pending is None:
        return
    previous = st.session_state.get(ACTIVE_OWNER)
    if previous is not None and previous is not pending.owner:
        previous.discard()
    st.session_state[DATA_DIR_STATE] = str(pending.folder)
    st.session_state[ACTIVE_OWNER] = pending.owner
    st.session_state[ACTIVE_MODE] = pending.mode
    st.session_state[OWN_ROWS] = (str(pending.folder), pending.mode, pending.own_ids)
    _reset_date_window()


def _reset_date_window() -> None:
    """Other data has other first and last dates: let the sidebar start from the new bounds."""
    for key in DATE_KEYS:
        st.session_state.pop(key, None)


def back_to_curated() -> None:
    """Callback of "Back to curated data": forget the analyst's folder for this session."""
    st.session_state.pop(DATA_DIR_STATE, None)
    st.session_state.pop(ACTIVE_MODE, None)
    st.session_state.pop(OWN_ROWS, None)
    active = st.session_state.pop(ACTIVE_OWNER, None)
    _reset_date_window()
    pending = st.session_state.get(PENDING)
    if active is not None and (pending is None or pending.owner is not active):
        active.discard()


def _report(ctx: Context, prepared: upload.PreparedData) -> None:
    st.subheader(ctx.t("data_page.report_header"))
    errors = prepared.errors
    warnings = len(prepared.problems) - errors
    loaded = i18n.fmt_number(prepared.loaded_rows, ctx.lang)
    if not prepared.problems:
        st.success(ctx.t("data_page.report_clean", rows=loaded))
    elif errors:
        st.warning(
            ctx.t(
                "data_page.report_errors",
                errors=i18n.fmt_number(errors, ctx.lang),
                warnings=i18n.fmt_number(warnings, ctx.lang),
                rows=loaded,
            )
        )
    else:
        st.info(ctx.t("data_page.report_warnings", warnings=i18n.fmt_number(warnings, ctx.lang), rows=loaded))
    st.dataframe(summary_table(ctx, prepared), hide_index=True, width="stretch")
    if prepared.problems:
        table = problem_table(ctx, prepared.problems)
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(
            ctx.t("data_page.download_report"),
            data=export.to_csv_bytes(table),
            file_name="validation_report.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            help=ctx.t("export.download_help"),
        )
    already = str(prepared.folder) == str(st.session_state.get(DATA_DIR_STATE))
    st.button(
        ctx.t("data_page.use_this"),
        on_click=use_pending,
        type="primary",
        disabled=already or prepared.loaded_rows == 0,
        key="km_use_upload",
        icon=":material/check:",
        help=ctx.t("data_page.use_this_help"),
    )
    if already:
        st.caption(ctx.t("data_page.in_use"))


def summary_table(ctx: Context, prepared: upload.PreparedData) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                ctx.t("data_page.col_file"): item["file"],
                ctx.t("data_page.col_origin"): item["origin"] or ctx.t("data_page.origin_none"),
                ctx.t("data_page.col_rows"): item["rows"],
                ctx.t("data_page.col_loaded"): item["loaded"],
                ctx.t("data_page.col_errors"): item["left_out"],
            }
            for item in prepared.summary
        ]
    )


def problem_table(ctx: Context, problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                ctx.t("data_page.col_file"): p.file,
                ctx.t("data_page.col_line"): p.line or None,
                ctx.t("data_page.col_column"): p.column,
                ctx.t("data_page.col_value"): p.value,
                ctx.t("data_page.col_message"): p.text(ctx.lang),
                ctx.t("data_page.col_severity"): ctx.t(f"data_page.severity_{p.severity}"),
            }
            for p in problems
        ]
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def _filtered_tables(_selection, data_key: tuple, view) -> dict[str, pd.DataFrame]:
    # Read-only frames shared by reruns with the same data and filter; downloads copy them.
    return export.filtered_tables(_selection)


def render_downloads(ctx: Context) -> None:
    """Spreadsheet-safe CSV per table and one XLSX workbook of the data in the current filter."""
    st.subheader(ctx.t("export.download_header"))
    st.caption(ctx.describe("data"))
    st.caption(ctx.t("export.neutralised_note"))
    tables = _filtered_tables(ctx.selection, ctx.key, ctx.filter)
    columns = st.columns(3)
    for i, name in enumerate(export.EXPORT_TABLES):
        frame = tables[name]
        columns[i % 3].download_button(
            ctx.t("export.download_csv", table=ctx.t(f"export.table_{name}"))
            + f" ({i18n.fmt_number(len(frame), ctx.lang)})",
            data=lambda frame=frame: export.to_csv_bytes(frame),
            file_name=f"kursk_monitor_{name}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"km_download_{name}",
            icon=":material/download:",
            help=ctx.t("export.download_help"),
            width="stretch",
        )
    st.download_button(
        ctx.t("export.download_xlsx"),
        data=lambda: export.to_xlsx_bytes({name: tables[name] for name in export.EXPORT_TABLES}, lang=ctx.lang),
        file_name="kursk_monitor_export.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="km_download_xlsx",
        icon=":material/table_view:",
        help=ctx.t("export.download_help"),
    )
