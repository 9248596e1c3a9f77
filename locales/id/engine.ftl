# Messages of the generic engine (cekbae-bot), shared by every dialogue.

engine-session-expired = Percakapan sebelumnya sudah lama tidak dilanjutkan, jadi kita mulai lagi dari awal. Tiket yang sudah Anda ambil tetap berlaku.
engine-session-reset = Mohon maaf, ada pembaruan sistem sehingga percakapan kita dimulai lagi dari awal. Tiket yang sudah Anda ambil tetap berlaku.
engine-language-menu = Silakan pilih bahasa:
# Shown as the option for this language, in this language.
engine-language-self = Bahasa Indonesia
engine-language-switched = Baik, kita lanjutkan dalam Bahasa Indonesia.
engine-language-detected = Kami membalas dalam Bahasa Indonesia. Ketik *bahasa* untuk memilih bahasa lain.
engine-no-previous-step = Tidak ada langkah sebelumnya.
engine-human-unavailable = Mohon maaf, saat ini belum ada petugas yang dapat dihubungi lewat percakapan ini.
engine-apology = Mohon maaf, terjadi gangguan saat memproses pesan Anda. Silakan coba lagi, atau ketik *menu* untuk mulai dari awal.
# The button that opens a list of options (WhatsApp: at most 20 characters).
engine-choose = Pilih
engine-non-text = Mohon maaf, kami hanya dapat membaca pesan teks. Silakan ketik pesan Anda, misalnya *KTP hilang*, atau ketik *menu*.
# A petugas's reply, delivered in the resident's conversation.
engine-petugas-says = *Petugas:* { $text }
engine-handover-waiting = Pesan Anda sudah kami teruskan; mohon tunggu balasan petugas. Ketik *menu* untuk kembali ke layanan otomatis.
engine-handover-ended = Percakapan dengan petugas selesai. Anda kembali dilayani CEK BAE WA.
engine-forget-confirm = Anda meminta penghapusan data. Percakapan, NIK, dan jadwal Anda akan dihapus (jadwal yang belum diambil ikut dibatalkan). Lanjutkan?
engine-forget-done = Data Anda sudah dihapus: percakapan, NIK, dan jadwal. Yang kami simpan hanya angka statistik tanpa identitas (jumlah pengguna, jenis layanan, dan hasil survei).
engine-forget-failed = Maaf, data Anda belum bisa dihapus karena gangguan sistem. Tidak ada yang terhapus. Silakan coba lagi nanti dengan mengetik *hapus data saya*, atau hubungi petugas.
engine-forget-kept = Baik, data Anda tidak dihapus.
engine-option-yes = Ya
engine-option-no = Tidak
engine-slow-down = Pesan Anda terlalu banyak dalam waktu singkat. Mohon tunggu sebentar, lalu kirim lagi.
# A value as it is (a template parameter).
engine-text = { $text }
# In a Telegram group: the flow runs only in a private chat.
engine-group-private = Untuk mengurus dokumen kependudukan, silakan chat kami secara pribadi agar NIK Anda tidak terlihat orang lain: { $link }
