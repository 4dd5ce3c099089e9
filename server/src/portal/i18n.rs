//! The portal's two languages and every sentence it shows, in Bahasa Indonesia and English.
//! Indonesian is the default; the choice is kept in a cookie (`hp_lang`), not in the session,
//! so the sign-in page is already in the user's language.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use healthpass_core::exposure::Advice;
use healthpass_core::venue::VenueCategory;
use healthpass_core::venue::category_label;

use super::cookies::cookie;

/// Name of the cookie that keeps the language.
pub const LANG_COOKIE: &str = "hp_lang";

/// A language the portal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    Id,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag, for `<html lang>` and the cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The language of a tag; `None` for any other text.
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, offered by the switch in the header.
    pub fn other(self) -> Self {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The name of a venue category in this language.
    pub fn category(self, category: VenueCategory) -> &'static str {
        let (id, en) = category_label(category);
        self.pick(id, en)
    }

    /// What a piece of advice tells visitors, in this language.
    pub fn advice(self, advice: Advice) -> &'static str {
        let (id, en) = match advice {
            Advice::MonitorSymptoms => ("Pantau gejala", "Monitor symptoms"),
            Advice::GetTested => ("Lakukan tes", "Get tested"),
            Advice::Isolate => ("Isolasi mandiri dan tes", "Isolate and get tested"),
        };
        self.pick(id, en)
    }

    fn pick(self, id: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    /// `text` in this language.
    pub fn t(self, text: Text) -> &'static str {
        let (id, en) = text.both();
        self.pick(id, en)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(cookie(&parts.headers, LANG_COOKIE).and_then(|tag| Lang::from_tag(&tag)).unwrap_or(Lang::Id))
    }
}

/// Every sentence of the portal; the variant names say the sentence.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Portal,
    SkipToContent,
    LanguageName,
    SwitchLanguage,
    SignIn,
    SignInIntro,
    AccountToken,
    SignOut,
    SignedOut,
    WrongToken,
    TooManyAttempts,
    SessionMissing,
    SessionMissingHelp,
    CsrfRefused,
    CsrfRefusedHelp,
    FormTooLarge,
    FormTooLargeHelp,
    NotFound,
    NotFoundHelp,
    WrongRole,
    WrongRoleHelp,
    ServerFailed,
    ServerFailedHelp,
    BackHome,
    Navigation,
    Venues,
    RegisterVenue,
    VenueName,
    VenueAddress,
    Category,
    DefaultStay,
    MinutesHint,
    OccupancyOptIn,
    Register,
    FixErrors,
    NameRequired,
    AddressRequired,
    CategoryInvalid,
    StayInvalid,
    VenueRegistered,
    ScriptNeeded,
    CommitmentInvalid,
    SecretMadeHere,
    PosterLost,
    PosterCode,
    KeepPosterFile,
    SavePosterFile,
    Download,
    PrintPoster,
    NoVenues,
    ValidUntil,
    Status,
    Active,
    Revoked,
    Occupancy,
    NotCounted,
    Poster,
    Actions,
    Reprint,
    Revoke,
    Reprinted,
    RevokedDone,
    AskWarning,
    Advice,
    WarningByCommand,
    WarningReviewed,
    PeriodInvalid,
    InfectiousFrom,
    InfectiousUntil,
    InfectiousPeriod,
    TimesIn,
    Cases,
    ConfirmCase,
    ConfirmCaseIntro,
    CaseConfirmed,
    UploadCode,
    CodeExpires,
    CodeHandOver,
    Review,
    NothingPending,
    Kind,
    Received,
    Reports,
    Approve,
    Reject,
    Decided,
    AlreadyDecided,
    Publish,
    Published,
    NothingToPublish,
    FollowUps,
    NoFollowUps,
    Phone,
    Name,
    Language,
    Handled,
    MarkHandled,
    FollowUpsIntro,
    Vaccinations,
    Date,
    FirstDoses,
    CompletedSeries,
    Boosters,
    NoVaccinations,
    DownloadCsv,
    ChartTitle,
}

impl Text {
    /// (Indonesian, English).
    fn both(self) -> (&'static str, &'static str) {
        use Text::*;
        match self {
            Portal => ("Portal healthpass", "healthpass portal"),
            SkipToContent => ("Langsung ke isi", "Skip to content"),
            LanguageName => ("Bahasa Indonesia", "English"),
            SwitchLanguage => ("English", "Bahasa Indonesia"),
            SignIn => ("Masuk", "Sign in"),
            SignInIntro => (
                "Masuk dengan token akun yang diberikan administrator Anda.",
                "Sign in with the account token your administrator gave you.",
            ),
            AccountToken => ("Token akun", "Account token"),
            SignOut => ("Keluar", "Sign out"),
            SignedOut => ("Anda sudah keluar.", "You are signed out."),
            WrongToken => ("Token tidak dikenal.", "This token is not known."),
            TooManyAttempts => (
                "Terlalu banyak percobaan gagal. Tunggu beberapa menit lalu coba lagi.",
                "Too many failed attempts. Wait a few minutes and try again.",
            ),
            SessionMissing => ("Sesi tidak berlaku", "Session not valid"),
            SessionMissingHelp => (
                "Sesi Anda sudah berakhir atau tidak ada. Silakan masuk lagi; tidak ada yang disimpan.",
                "Your session has ended or does not exist. Please sign in again; nothing was stored.",
            ),
            CsrfRefused => ("Formulir ditolak", "Form refused"),
            CsrfRefusedHelp => (
                "Formulir ini tidak membawa token keamanan yang benar, jadi tidak ada yang disimpan. Buka halaman lagi dan kirim ulang.",
                "This form did not carry the right security token, so nothing was stored. Open the page again and resend it.",
            ),
            FormTooLarge => ("Formulir terlalu besar", "Form too large"),
            FormTooLargeHelp => (
                "Isian formulir terlalu panjang, jadi tidak ada yang disimpan.",
                "The form's content is too long, so nothing was stored.",
            ),
            NotFound => ("Tidak ditemukan", "Not found"),
            NotFoundHelp => ("Halaman atau data ini tidak ada.", "This page or record does not exist."),
            WrongRole => ("Tidak diizinkan", "Not allowed"),
            WrongRoleHelp => ("Akun Anda tidak boleh membuka halaman ini.", "Your account may not open this page."),
            ServerFailed => ("Server gagal", "The server failed"),
            ServerFailedHelp => ("Coba lagi sebentar lagi.", "Try again in a moment."),
            BackHome => ("Kembali ke beranda", "Back to the start page"),
            Navigation => ("Navigasi utama", "Main navigation"),
            Venues => ("Tempat", "Venues"),
            RegisterVenue => ("Daftarkan tempat", "Register a venue"),
            VenueName => ("Nama tempat", "Venue name"),
            VenueAddress => ("Alamat", "Address"),
            Category => ("Kategori", "Category"),
            DefaultStay => ("Lama kunjungan bawaan (menit)", "Default stay (minutes)"),
            MinutesHint => ("15 sampai 1425, kelipatan 15.", "15 to 1425, in steps of 15."),
            OccupancyOptIn => ("Hitung jumlah pengunjung saat ini (anonim)", "Count the people inside right now (anonymous)"),
            Register => ("Daftarkan", "Register"),
            FixErrors => ("Periksa isian berikut:", "Please correct the following:"),
            NameRequired => ("Nama tempat harus 1 sampai 100 karakter.", "The venue name must be 1 to 100 characters."),
            AddressRequired => ("Alamat harus 1 sampai 100 karakter.", "The address must be 1 to 100 characters."),
            CategoryInvalid => ("Pilih kategori dari daftar.", "Choose a category from the list."),
            StayInvalid => (
                "Lama kunjungan harus 15 sampai 1425 menit, kelipatan 15.",
                "The stay must be 15 to 1425 minutes, in steps of 15.",
            ),
            VenueRegistered => ("Tempat terdaftar. Unduh posternya di bawah.", "Venue registered. Download its poster below."),
            ScriptNeeded => (
                "Rahasia poster dibuat di peramban Anda dan tidak pernah dikirim ke server. Untuk itu JavaScript harus aktif; bagian lain portal berfungsi tanpa JavaScript.",
                "The poster's secret is made in your browser and never sent to the server. That needs JavaScript; the rest of the portal works without it.",
            ),
            CommitmentInvalid => (
                "Formulir membawa komitmen rahasia yang tidak valid. Buka halaman lagi dan kirim ulang.",
                "The form carried an invalid secret commitment. Open the page again and resend it.",
            ),
            SecretMadeHere => (
                "Rahasia poster dibuat di peramban ini; server hanya menerima komitmennya.",
                "The poster's secret is made in this browser; the server only receives a commitment to it.",
            ),
            PosterLost => (
                "Rahasia poster ini tidak ada di tab ini (halaman dimuat ulang atau dibuka di tab lain). Cetak ulang poster untuk membuat rahasia baru.",
                "This poster's secret is not in this tab (the page was reloaded or opened in another tab). Reprint the poster to make a new secret.",
            ),
            PosterCode => ("Kode QR check-in tempat ini", "This venue's check-in QR code"),
            KeepPosterFile => (
                "Simpan berkas teks poster di tempat aman: hanya berkas itu yang memuat rahasia poster, dan Anda membutuhkannya untuk meminta peringatan. Server tidak menyimpannya.",
                "Keep the poster text file somewhere safe: only it holds the poster's secret, and you need it to ask for a warning. The server does not keep it.",
            ),
            SavePosterFile => ("Simpan teks poster (rahasia)", "Save the poster text (secret)"),
            Download => ("Unduh", "Download"),
            PrintPoster => ("Cetak poster A4", "Print the A4 poster"),
            NoVenues => ("Belum ada tempat terdaftar.", "No venues registered yet."),
            ValidUntil => ("Berlaku sampai", "Valid until"),
            Status => ("Status", "Status"),
            Active => ("Aktif", "Active"),
            Revoked => ("Dicabut", "Revoked"),
            Occupancy => ("Pengunjung saat ini", "People inside now"),
            NotCounted => ("tidak dihitung", "not counted"),
            Poster => ("Poster", "Poster"),
            Actions => ("Tindakan", "Actions"),
            Reprint => ("Cetak ulang (rahasia baru)", "Reprint (new secret)"),
            Revoke => ("Cabut", "Revoke"),
            Reprinted => (
                "Poster baru dibuat dengan rahasia baru. Ganti semua poster lama.",
                "A new poster was made with a new secret. Replace every old poster.",
            ),
            RevokedDone => ("Tempat dicabut.", "The venue was revoked."),
            AskWarning => ("Minta peringatan untuk tempat ini", "Ask for a warning about this venue"),
            Advice => ("Anjuran", "Advice"),
            WarningByCommand => (
                "Laporan peringatan harus disegel dengan rahasia poster, yang hanya ada di berkas teks poster Anda. Karena itu jalankan perintah ini di komputer Anda (URL = alamat server ini tanpa /portal/):",
                "Warning reports must be sealed with the poster's secret, which only your poster text file holds. So run this command on your own computer (URL = this server's address without /portal/):",
            ),
            WarningReviewed => (
                "Petugas kesehatan meninjau permintaan sebelum apa pun diterbitkan.",
                "A health officer reviews the request before anything is published.",
            ),
            PeriodInvalid => (
                "Periode tidak valid: isi tanggal dan jam; 'Sampai' harus setelah 'Dari' (paling lama 21 hari).",
                "Invalid period: give date and time; 'Until' must be after 'From' (at most 21 days).",
            ),
            InfectiousFrom => ("Menular sejak", "Infectious from"),
            InfectiousUntil => ("Menular sampai", "Infectious until"),
            InfectiousPeriod => ("Periode menular", "Infectious period"),
            TimesIn => ("Waktu dalam", "Times in"),
            Cases => ("Kasus", "Cases"),
            ConfirmCase => ("Konfirmasi kasus", "Confirm a case"),
            ConfirmCaseIntro => (
                "Konfirmasi kasus positif untuk memberi warga kode unggah sekali pakai.",
                "Confirm a positive case to give the citizen a one-time upload code.",
            ),
            CaseConfirmed => ("Kasus dikonfirmasi", "Case confirmed"),
            UploadCode => ("Kode unggah", "Upload code"),
            CodeExpires => ("Kode berlaku sampai", "The code works until"),
            CodeHandOver => (
                "Berikan kode ini kepada warga: ketik atau pindai kode QR dengan aplikasinya.",
                "Hand this code to the citizen: typed in or scanned as a QR code with the app.",
            ),
            Review => ("Tinjauan", "Review"),
            NothingPending => ("Tidak ada yang menunggu tinjauan.", "Nothing awaits review."),
            Kind => ("Jenis", "Kind"),
            Received => ("Diterima", "Received"),
            Reports => ("Laporan", "Reports"),
            Approve => ("Setujui", "Approve"),
            Reject => ("Tolak", "Reject"),
            Decided => ("Keputusan disimpan.", "Decision saved."),
            AlreadyDecided => ("Kiriman ini sudah ditinjau sebelumnya.", "This submission was reviewed before."),
            Publish => ("Terbitkan yang disetujui", "Publish the approved ones"),
            Published => ("Peringatan diterbitkan.", "Warnings published."),
            NothingToPublish => ("Tidak ada laporan disetujui yang menunggu.", "No approved reports are waiting."),
            FollowUps => ("Tindak lanjut", "Follow-ups"),
            NoFollowUps => ("Tidak ada permintaan telepon balik.", "No call-back requests."),
            Phone => ("Telepon", "Phone"),
            Name => ("Nama", "Name"),
            Language => ("Bahasa", "Language"),
            Handled => ("Permintaan ditangani dan dihapus.", "Request handled and deleted."),
            MarkHandled => ("Sudah ditelepon (hapus)", "Called (delete)"),
            FollowUpsIntro => (
                "Warga yang meminta ditelepon. Permintaan yang ditangani dihapus; yang tidak ditangani dihapus setelah 14 hari.",
                "Citizens who asked to be called. Handled requests are deleted; unhandled ones after 14 days.",
            ),
            Vaccinations => ("Vaksinasi", "Vaccinations"),
            Date => ("Tanggal", "Date"),
            FirstDoses => ("Dosis pertama", "First doses"),
            CompletedSeries => ("Dosis lengkap", "Completed series"),
            Boosters => ("Dosis penguat", "Boosters"),
            NoVaccinations => ("Belum ada vaksinasi tercatat.", "No vaccinations recorded yet."),
            DownloadCsv => ("Unduh CSV", "Download CSV"),
            ChartTitle => ("Vaksinasi per hari menurut dosis", "Vaccinations per day by dose"),
        }
    }
}
