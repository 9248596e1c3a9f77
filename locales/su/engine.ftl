# Messages of the generic engine (cekbae-bot), shared by every dialogue.

engine-session-expired = Paguneman sateuacanna parantos lami teu dilajengkeun, janten urang mimitian deui ti awal. Tiket anu parantos dicandak ku Bapa/Ibu tetep lumaku.
engine-session-reset = Hapunten, sistem nembé diénggalkeun, janten paguneman urang dimimitian deui ti awal. Tiket anu parantos dicandak ku Bapa/Ibu tetep lumaku.
engine-language-menu = Mangga pilih basa:
# Shown as the option for this language, in this language.
engine-language-self = Basa Sunda
engine-language-switched = Mangga, urang lajengkeun nganggo Basa Sunda.
engine-language-detected = Kami ngawaler nganggo Basa Sunda. Upami badé nganggo basa sanés, mangga serat *bahasa*.
engine-no-previous-step = Teu aya léngkah sateuacanna.
engine-human-unavailable = Hapunten, ayeuna teu acan aya petugas anu tiasa dihubungi ngalangkungan paguneman ieu.
engine-apology = Hapunten, aya gangguan nalika ngolah seratan Bapa/Ibu. Mangga cobian deui, atanapi serat *menu* kanggo ngamimitian deui ti awal.
# The button that opens a list of options (WhatsApp: at most 20 characters).
engine-choose = Pilih
engine-non-text = Hapunten, kami ngan ukur tiasa maos seratan. Mangga serat pamundut Bapa/Ibu, contona *KTP ical*, atanapi serat *menu*.
# A petugas's reply, delivered in the resident's conversation.
engine-petugas-says = *Petugas:* { $text }
engine-handover-waiting = Seratan Bapa/Ibu parantos diteraskeun; mangga antosan waleran ti petugas. Mangga serat *menu* upami badé wangsul ka palayanan otomatis.
engine-handover-ended = Paguneman sareng petugas parantos réngsé. Bapa/Ibu dilayanan deui ku CEK BAE WA.
engine-forget-confirm = Bapa/Ibu mundut supados data dipupus. Paguneman, NIK, sareng jadwal Bapa/Ibu badé dipupus (jadwal anu teu acan dicandak ogé dibatalkeun). Lajengkeun?
engine-forget-done = Data Bapa/Ibu parantos dipupus: paguneman, NIK, sareng jadwal. Anu disimpen ku kami ngan ukur angka statistik tanpa idéntitas (jumlah pangguna, jinis palayanan, sareng hasil survei).
engine-forget-failed = Hapunten, data Bapa/Ibu teu acan tiasa dipupus kusabab aya gangguan sistem. Teu aya anu kapupus. Mangga cobian deui engké ku ngetik *hapus data saya*, atanapi hubungi petugas.
engine-forget-kept = Mangga, data Bapa/Ibu henteu dipupus.
engine-option-yes = Muhun
engine-option-no = Henteu
engine-slow-down = Seratan ti Bapa/Ibu seueur teuing dina waktos anu pondok. Mangga antosan sakedap, teras kintunkeun deui.
# A value as it is (a template parameter).
engine-text = { $text }
# In a Telegram group: the flow runs only in a private chat.
engine-group-private = Kanggo ngurus dokumen kependudukan, mangga chat kami sacara pribadi supados NIK Bapa/Ibu teu katingal ku batur: { $link }
