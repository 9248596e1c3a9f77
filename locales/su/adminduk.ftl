# CEK BAE WA (Cek Berkas Lewat WhatsApp), Kecamatan Leuwiliang.
# Translators: keep every { $variable } as it is; *text* is bold on WhatsApp.

## Greeting and menus
# Register: basa lemes that honours the resident. The resident is "Bapa/Ibu",
# with the honorific forms for what they have and do (kagungan, sumping,
# ngintunkeun, kersa); the office speaks of itself as "kami", with the humble
# forms (gaduh, nyuhunkeun). Requests begin with "Mangga".

# $salam is the greeting word the resident opened with, to answer it in kind.
adminduk-greeting =
    { $salam ->
        [sampurasun] Rampés. Hatur nuhun parantos ngahubungi *CEK BAE WA* (Cek Berkas Lewat WhatsApp) Kacamatan Leuwiliang. Salam sehat!
        [assalamualaikum] Waalaikumsalam. Hatur nuhun parantos ngahubungi *CEK BAE WA* (Cek Berkas Lewat WhatsApp) Kacamatan Leuwiliang. Salam sehat!
        [assalamu] Waalaikumsalam. Hatur nuhun parantos ngahubungi *CEK BAE WA* (Cek Berkas Lewat WhatsApp) Kacamatan Leuwiliang. Salam sehat!
       *[other] Hatur nuhun parantos ngahubungi *CEK BAE WA* (Cek Berkas Lewat WhatsApp) Kacamatan Leuwiliang. Salam sehat!
    }
    Di dieu Bapa/Ibu tiasa mariksa berkas anu kedah dicandak sareng milih jadwal palayanan.
    Mangga serat pamundut nganggo format: *KTP <NIK> BARU/RUSAK/HILANG*
    Contona: KTP 3201xxxxxxxxxxxx HILANG
    Mangga serat *bantuan* (*tulung*) iraha waé upami peryogi bantosan, *menu* kanggo ngamimitian deui, atanapi *bahasa indonesia* kanggo wangsul ka Bahasa Indonesia.
adminduk-upcoming-ticket = Bapa/Ibu masih kagungan tiket *{ $ticket }* kanggo { $date }.
adminduk-menu-ask = Dokumen naon anu badé diurus? Mangga waler ku angka pilihan:
adminduk-menu-not-understood = Hapunten, kami teu acan ngartos dokumen anu dimaksad. Mangga serat nami dokumenna, contona *KTP ical* atanapi *akte lahir*, atanapi waler ku angka pilihan.
adminduk-confirm-one = Maksad Bapa/Ibu *{ $choice }*? Mangga waler *muhun* atanapi *henteu*.
adminduk-confirm-two = Maksad Bapa/Ibu *{ $first }* atanapi *{ $second }*? Mangga waler ku angka pilihan.
adminduk-confirm-declined = Mangga, hapunten kami lepat ngartos.
adminduk-option-yes = Muhun
adminduk-option-no = Henteu
adminduk-option-neither = Sanés duanana
adminduk-not-served = Hapunten, palayanan éta teu acan tiasa diurus ngalangkungan CEK BAE WA. Mangga naroskeun langsung ka kantor kacamatan atanapi ka Disdukcapil.
adminduk-greeting-again =
    { $salam ->
        [sampurasun] Rampés. Aya anu tiasa kami bantos?
        [assalamualaikum] Waalaikumsalam. Aya anu tiasa kami bantos?
        [assalamu] Waalaikumsalam. Aya anu tiasa kami bantos?
       *[other] Mangga, aya anu tiasa kami bantos?
    }
adminduk-desa-noted = Hatur nuhun, kami catet Bapa/Ibu warga Désa { $desa }.
adminduk-thanks-reply = Sami-sami, mugia urusan Bapa/Ibu lancar.
adminduk-reason-ask = Naon kaperluan Bapa/Ibu kanggo { $document }? Mangga waler ku angka pilihan:
adminduk-reason-not-understood = Hapunten, kami teu acan ngartos kaperluan Bapa/Ibu.
adminduk-reason-not-applicable = Kaperluan "{ $reason }" teu sayogi kanggo { $document }.

## Requirements, data protection and NIK

adminduk-requirements =
    Sarat *{ $document } – { $reason }* anu kedah dicandak:
    { $items }
adminduk-free = Sadaya palayanan administrasi kependudukan *GRATIS*, teu dipungut biaya naon waé.
adminduk-privacy = *Panyalindungan data:* NIK ngan ukur disuhunkeun kanggo nyatet jadwal nyandak dokumen Bapa/Ibu, sareng disimpen paling lami { $days } dinten saatos tanggal nyandak, teras dipupus. NIK henteu dibagikeun ka pihak sanés. Ku ngintunkeun NIK, Bapa/Ibu satuju kana pamakéan ieu.
adminduk-privacy-by-schedule = *Panyalindungan data:* NIK anu dikintunkeun ku Bapa/Ibu ngan ukur dianggo kanggo nyatet jadwal nyandak dokumen, sareng disimpen paling lami { $days } dinten saatos tanggal nyandak, teras dipupus. Ku milih jadwal, Bapa/Ibu satuju kana pamakéan ieu. Mangga serat *batal* (*teu jadi*) upami teu satuju.
adminduk-nik-ask = Mangga kintunkeun *NIK* (16 angka) pamohon, saluyu sareng KTP-el atanapi Kartu Keluarga.
adminduk-nik-received = NIK { $nik } parantos katampi.
adminduk-nik-not-understood = Hapunten, dina seratan Bapa/Ibu teu acan aya NIK. NIK diwangun ku 16 angka, kaserat dina KTP-el atanapi Kartu Keluarga.
adminduk-nik-error-length = NIK kedah 16 angka, anu dikintunkeun ku Bapa/Ibu { $found } angka. Mangga parios deui.
adminduk-nik-error-not_digits = NIK ngan ukur diwangun ku angka. Mangga parios deui.
adminduk-nik-error-province = Kode propinsi dina NIK (dua angka kahiji) teu kapendak. Mangga parios deui.
adminduk-nik-error-birth_day = Tanggal lahir dina NIK teu leres (angka ka-7 sareng ka-8). Mangga parios deui.
adminduk-nik-error-birth_month = Sasih lahir dina NIK teu leres (angka ka-9 sareng ka-10). Mangga parios deui.
adminduk-nik-error-birth_date = Tanggal lahir dina NIK teu leres. Mangga parios deui.
adminduk-nik-error-serial = Nomer urut dina NIK (opat angka pamungkas) teu leres. Mangga parios deui.
adminduk-nik-is-kk-number = Nomer éta téh nomer Kartu Keluarga (KK), sanés NIK, sareng henteu kami simpen. NIK nyaéta 16 angka di gigireun nami pamohon dina KTP-el atanapi KK.
adminduk-nik-too-many = Sigana aya kasesahan sareng NIK. Bapa/Ibu tiasa ngintunkeun NIK deui, atanapi mangga pilih:
adminduk-option-help = Bantosan
adminduk-option-menu = Menu utama

## Schedule and ticket

adminduk-schedule-ask = Mangga pilih dinten nyandak dokumen (palayanan tabuh { $opens }–{ $closes } WIB):
adminduk-schedule-day = { $date } (sésa kuota: { $left })
adminduk-schedule-none = Hapunten, sadaya jadwal dina { $days } dinten ka payun parantos pinuh. Mangga cobian deui énjing, atanapi sumping ka kantor kacamatan dina dinten damel.
adminduk-schedule-full = Hapunten, kuota { $date } nembé pinuh. Mangga pilih dinten sanés.
adminduk-schedule-not-understood = Hapunten, kami teu acan ngartos dinten anu dimaksad. Mangga waler ku angka pilihan di handap ieu, atanapi serat dintenna, contona *Salasa* atanapi *2 Désémber*.
adminduk-ticket = *Jadwal Bapa/Ibu parantos kacatet.*
    Nomer tiket: *{ $ticket }*
    Palayanan: { $document } – { $reason }
    Dinten: { $date }, tabuh { $opens }–{ $closes } WIB
    Tempat: Kantor Kacamatan Leuwiliang

    Ulah hilap nyandak:
    { $items }

    Pamohon wajib sumping nyalira sareng ningalikeun nomer tiket ieu ka petugas. Palayanan ieu gratis.
adminduk-done-info = Tiket Bapa/Ibu: *{ $ticket }* kanggo { $date }. Mangga serat *menu* kanggo pamundut sanés.
adminduk-cancelled = Pamundut parantos dibatalkeun, sareng data anu dikintunkeun ku Bapa/Ibu parantos dipupus tina paguneman ieu.
adminduk-cancel-after-ticket = Paguneman dimimitian deui. Tiket *{ $ticket }* kanggo { $date } tetep lumaku; kanggo ngabatalkeunana, mangga wartoskeun ka petugas.
adminduk-error = Hapunten, aya gangguan dina sistem. Mangga cobian deui sakedap deui.

## Help per step

adminduk-help-menu = Mangga pilih dokumen ku cara ngawaler angkana (contona *1* kanggo KTP-el), atanapi serat langsung pamundut Bapa/Ibu, contona *KTP 3201xxxxxxxxxxxx HILANG*. Upami badé mundur hiji léngkah, mangga serat *kembali* (*balik deui*); kanggo ngabatalkeun, *batal* (*teu jadi*); kanggo ngagentos basa, *bahasa*.
adminduk-help-reason = Mangga pilih kaperluan Bapa/Ibu: *baru* (*énggal*) upami teu acan kantos kagungan, *rusak* (*ruksak*) upami dokumenna ruksak, *hilang* (*ical*) upami dokumenna ical, *perubahan* (*parobihan*) upami aya data anu robih atanapi lepat.
adminduk-help-nik = NIK (Nomor Induk Kependudukan) nyaéta 16 angka anu kaserat dina KTP-el sareng dina Kartu Keluarga, di gigireun nami. Mangga kintunkeun NIK jalmi anu badé dilayanan. Tiasa diserat nganggo spasi atanapi titik, contona 3201 0145 0290 0003.
adminduk-help-schedule = Mangga waler ku angka dinten anu dipilih, atanapi serat dintenna, contona *Salasa*, *énjing* atanapi *2 Désémber*. Ngan ukur dinten damel anu ditampilkeun; dinten libur nasional sareng cuti bersama teu sayogi.
adminduk-help-done = Jadwal Bapa/Ibu parantos kacatet. Mangga sumping dina dinten anu dipilih bari nyandak sarat-saratna. Mangga serat *menu* kanggo pamundut sanés.

## Documents and reasons (labels in menus)

doc-ktp_el = KTP-el
doc-kk = Kartu Keluarga (KK)
doc-akta_kelahiran = Akta Kelahiran
doc-akta_kematian = Akta Kematian
doc-pindah = Surat Pindah
doc-kia = Kartu Identitas Anak (KIA)
reason-baru = Énggal
reason-rusak = Ruksak
reason-hilang = Ical
reason-perubahan = Parobihan data

## Desa of Kecamatan Leuwiliang (names, the same in every language)

desa-leuwiliang = Leuwiliang
desa-purasari = Purasari
desa-karyasari = Karyasari
desa-pabangbon = Pabangbon
desa-karacak = Karacak
desa-barengkok = Barengkok
desa-leuwimekar = Leuwimekar
desa-puraseda = Puraseda
desa-cibeber_1 = Cibeber I
desa-cibeber_2 = Cibeber II
desa-karehkel = Karehkel

## Requirement items (domain.md section 1; domain-2.md sections 6 and 7)

req-ktp-eligibility = Parantos yuswa 17 taun, atanapi parantos/kantos nikah (upami teu acan 17 taun: buku nikah/akta perkawinan)
req-kk-copy = Fotokopi Kartu Keluarga (KK)
req-ktp-biometric = Pamohon sumping nyalira kanggo ngarekam poto, sidik ramo, iris soca sareng tanda tangan (teu tiasa diwakilkeun)
req-ktp-damaged = KTP-el anu ruksak (dipasrahkeun nalika KTP-el énggal katampi)
req-police-letter = Surat katerangan kaicalan ti Kapolisian (gratis; perhatoskeun waktos lumakuna)
req-kk-updated = Kartu Keluarga anu parantos diénggalkeun (parobihan dicatet heula dina KK)
req-ktp-old = KTP-el lami
req-change-proof = Bukti parobihan: buku nikah/akta cerai/akta kematian pasangan, ijazah, SK padamelan, akta kelahiran, atanapi putusan pangadilan (saluyu sareng data anu robih)
req-kk-new-family = Ngawangun kulawarga énggal: buku nikah/kutipan akta perkawinan; saatos pepegatan: akta perceraian
req-kk-split = Misah KK dina alamat anu sami (pamohon parantos yuswa 17 taun atanapi parantos/kantos nikah): fotokopi KK lami sareng formulir F-1.02, teu kedah buku nikah
req-sptjm-missing = Upami teu kagungan buku nikah atanapi akta perceraian: SPTJM perkawinan/perceraian belum tercatat (formulir F-1.05, Permendagri 109/2019); upami dokumen kependudukan sanésna teu aya: surat pernyataan teu kagungan dokumen kependudukan (formulir F-1.04)
req-skpwni-if-moving = SKPWNI (surat pindah), upami sumping ti daérah sanés
req-death-cert-head = Fotokopi akta kematian sareng KK lami, upami kapala kulawarga pupus
req-kk-damaged = Kartu Keluarga anu ruksak
req-ktp-el = KTP-el
req-kk-old = Kartu Keluarga lami
req-event-proof = Bukti kajadian: akta kelahiran, buku nikah, akta kematian, SKPWNI, atanapi surat katerangan sanésna saluyu sareng parobihan
req-birth-letter = Surat katerangan kalahiran ti rumah sakit/dokter/bidan, atanapi ti désa kanggo kalahiran di bumi (upami teu aya: SPTJM kebenaran data kelahiran, formulir F-2.03, kalayan 2 saksi)
req-parents-marriage = Buku nikah/kutipan akta perkawinan sepuh (upami teu aya: SPTJM kebenaran sebagai pasangan suami istri, formulir F-2.04)
req-kk = Kartu Keluarga (KK)
req-parents-ktp = KTP-el kadua sepuh
req-death-letter = Surat katerangan pupus ti dokter/rumah sakit/puskesmas, atanapi ti kapala désa (upami teu aya: SPTJM kebenaran data kematian)
req-deceased-kk-ktp = KK sareng KTP-el almarhum/almarhumah
req-reporter-witness = KTP-el palapor sareng 2 urang saksi
req-form-f103 = Formulir F-1.03 (sayogi di kantor kacamatan)
req-owner-statement = Surat pernyataan teu kaberatan ti nu kagungan bumi, upami numpang KK, nyéwa, ngontrak atanapi kos
req-skpwni-incoming = Kanggo pindah datang: SKPWNI ti daérah asal sareng KTP-el/KIA lami
req-child-birth-cert = Fotokopi kutipan akta kelahiran putra (aslina kedah ditingalikeun)
req-kk-parents-original = KK asli sepuh/wali
req-parents-ktp-original = KTP-el asli kadua sepuh/wali
req-child-photo = Pas poto warna ukuran 2×3 sabanyak 2 lembar, kanggo putra anu yuswana 5 taun ka luhur
req-kia-damaged = KIA anu ruksak
req-akta-police-letter = Surat katerangan kaicalan ti Kapolisian (di sawatara kantor cekap ku surat pernyataan kaicalan anu ditandatanganan)
req-akta-old-copy = Fotokopi akta anu ical, upami masih aya
req-akta-damaged = Akta asli anu ruksak
req-applicant-ktp = KTP-el pamohon
note-ktp-in-person = KTP-el kedah diurus ku nu kagunganana nyalira
note-birth-kia = KIA kanggo orok dikaluarkeun babarengan sareng akta kelahiran
note-birth-deadline = Kalahiran saéna dilaporkeun paling lami 60 dinten saatos lahir
note-death-deadline = Kapupusan dilaporkeun paling lami 30 dinten saatos pupus
note-kia-parent = Pamundut KIA diajukeun ku sepuh/wali
note-akta-second-copy = Akta gantosna dikaluarkeun salaku kutipan kadua
note-akta-lookup = Upami teu aya fotokopina, data akta dipilari ngangge NIK
note-akta-proxy = Upami diwakilkeun: surat kuasa (formulir F-1.07) sareng KTP-el anu nampi kuasa

## Dates

date-long = { $weekday }, { $day } { $month } { $year }
weekday-1 = Senén
weekday-2 = Salasa
weekday-3 = Rebo
weekday-4 = Kemis
weekday-5 = Jumaah
weekday-6 = Saptu
weekday-7 = Minggu
month-1 = Januari
month-2 = Pébruari
month-3 = Maret
month-4 = April
month-5 = Méi
month-6 = Juni
month-7 = Juli
month-8 = Agustus
month-9 = Séptémber
month-10 = Oktober
month-11 = Nopémber
month-12 = Désémber

## Handover to a petugas

adminduk-option-human = Nyarios sareng petugas
adminduk-stuck = Sigana kami teu acan ngartos maksad Bapa/Ibu. Naha Bapa/Ibu kersa dibantos ku petugas? Atanapi mangga pilih:
adminduk-handover-open = Pamundut Bapa/Ibu parantos diteraskeun ka petugas. Petugas badé ngawaler dina paguneman ieu (palayanan tabuh { $opens }–{ $closes } WIB). Mangga serat *menu* upami badé wangsul ka palayanan otomatis.
adminduk-handover-closed = Pamundut Bapa/Ibu parantos diteraskeun ka petugas. Ayeuna di luar jam palayanan; petugas badé ngawaler dina { $date } ti tabuh { $opens } WIB. Mangga serat *menu* upami badé wangsul ka palayanan otomatis.
adminduk-appointment-cancelled = Jadwal kalayan tiket *{ $ticket }* kanggo { $date } parantos dibatalkeun ku petugas. Mangga serat *menu* kanggo milih jadwal énggal.

## Satisfaction survey (SKM, PermenPANRB 14/2017)

adminduk-survey-invite = Mangga bantos kami ngaronjatkeun palayanan: naha Bapa/Ibu kersa ngeusian *Survei Kepuasan Masyarakat* (9 patarosan singget, tanpa NIK)?
adminduk-option-survey-yes = Muhun, ngeusian survei
adminduk-option-survey-no = Henteu, hatur nuhun
adminduk-option-skip = Liwat
adminduk-survey-declined = Mangga, hatur nuhun. Mugia urusan Bapa/Ibu lancar.
adminduk-survey-question = *Survei { $number }/9* – { $question }
adminduk-survey-not-understood = Mangga waler ku angka 1–4, atanapi serat *liwat* kanggo ngalangkungan patarosan ieu.
adminduk-survey-thanks = Hatur nuhun kana peunteun anu dipasihkeun ku Bapa/Ibu. Peunteun sareng saran ti Bapa/Ibu ngabantos kami ngaronjatkeun palayanan Kacamatan Leuwiliang.
skm-u1-question = Kumaha kasaluyuan sarat palayanan sareng jinis palayananana?
skm-u1-answer-1 = Teu saluyu
skm-u1-answer-2 = Kirang saluyu
skm-u1-answer-3 = Saluyu
skm-u1-answer-4 = Saluyu pisan
skm-u2-question = Kumaha gampilna prosedur palayanan di unit ieu?
skm-u2-answer-1 = Teu gampil
skm-u2-answer-2 = Kirang gampil
skm-u2-answer-3 = Gampil
skm-u2-answer-4 = Gampil pisan
skm-u3-question = Kumaha gancangna waktos dina masihan palayanan?
skm-u3-answer-1 = Teu gancang
skm-u3-answer-2 = Kirang gancang
skm-u3-answer-3 = Gancang
skm-u3-answer-4 = Gancang pisan
skm-u4-question = Kumaha kawajaran biaya/tarif dina palayanan?
skm-u4-answer-1 = Mahal pisan
skm-u4-answer-2 = Lumayan mahal
skm-u4-answer-3 = Mirah
skm-u4-answer-4 = Gratis
skm-u5-question = Kumaha kasaluyuan produk palayanan antawis anu kaserat dina standar palayanan sareng hasil anu dipasihkeun?
skm-u5-answer-1 = Teu saluyu
skm-u5-answer-2 = Kirang saluyu
skm-u5-answer-3 = Saluyu
skm-u5-answer-4 = Saluyu pisan
skm-u6-question = Kumaha kompeténsi/kamampuh petugas dina palayanan?
skm-u6-answer-1 = Teu kompetén
skm-u6-answer-2 = Kirang kompetén
skm-u6-answer-3 = Kompetén
skm-u6-answer-4 = Kompetén pisan
skm-u7-question = Kumaha paripolah petugas dina palayanan, tina kasopanan sareng kasomeahanana?
skm-u7-answer-1 = Teu sopan & someah
skm-u7-answer-2 = Kirang sopan & someah
skm-u7-answer-3 = Sopan & someah
skm-u7-answer-4 = Sopan & someah pisan
skm-u8-question = Kumaha kualitas sarana sareng prasarana palayanan?
skm-u8-answer-1 = Awon
skm-u8-answer-2 = Cekap
skm-u8-answer-3 = Saé
skm-u8-answer-4 = Saé pisan
skm-u9-question = Kumaha cara nanganan pangaduan, saran, sareng masukan ti pangguna palayanan?
skm-u9-answer-1 = Teu aya
skm-u9-answer-2 = Aya, nanging teu jalan
skm-u9-answer-3 = Jalan, kirang maksimal
skm-u9-answer-4 = Diurus kalayan saé

## Issue 12 (parts 2 and 5): days named in words, why a day cannot be picked,
## the end of the known calendar, local closures and moved appointments

adminduk-schedule-past = Hapunten, { $date } parantos kalangkung.
adminduk-schedule-after-closing = Hapunten, palayanan dinten ieu parantos réngsé (loket tutup tabuh { $closes } WIB).
adminduk-schedule-weekend = Hapunten, { $date } kaleresan dinten Saptu atanapi Minggu; kantor kacamatan ngalayanan ti Senén dugi ka Jumaah.
adminduk-schedule-holiday = Hapunten, { $date } nyaéta dinten libur nasional ({ $name }); kantor kacamatan tutup.
adminduk-schedule-cuti-bersama = Hapunten, { $date } nyaéta cuti bersama ({ $name }); kantor kacamatan tutup.
adminduk-schedule-estimate = Tanggal dinten ageung ieu masih perkiraan pamaréntah sareng tiasa robih.
adminduk-schedule-closure = Hapunten, kantor kacamatan tutup dina { $date }.
adminduk-schedule-closure-reason = Hapunten, kantor kacamatan tutup dina { $date }: { $reason }.
adminduk-schedule-day-full = Hapunten, kuota { $date } parantos pinuh.
adminduk-schedule-beyond-horizon = Hapunten, { $date } tebih teuing; jadwal tiasa dipilih dugi ka { $last }.
adminduk-schedule-beyond-calendar = Hapunten, { $date } teu acan tiasa dipilih margi dinten libur saparantos { $until } teu acan ditetepkeun ku pamaréntah.
adminduk-schedule-no-such-date = Hapunten, tanggal éta teu aya dina kalénder.
adminduk-schedule-nearest = Aya langkung ti hiji dinten { $weekday } dina daptar; kami milihkeun anu pangcaketna, { $date }.
adminduk-schedule-calendar-end = Dinten saparantos { $until } teu acan tiasa dipilih margi dinten libur taun payun teu acan ditetepkeun ku pamaréntah.
adminduk-schedule-none-calendar = Hapunten, teu acan aya dinten anu tiasa dipilih: dinten libur saparantos { $until } teu acan ditetepkeun ku pamaréntah. Mangga cobian deui engké, atanapi sumping ka kantor kacamatan dina dinten damel.
adminduk-handover-closed-later = Pamundut Bapa/Ibu parantos diteraskeun ka petugas. Ayeuna di luar jam palayanan; petugas badé ngawaler dina dinten damel salajengna ti tabuh { $opens } WIB. Mangga serat *menu* upami badé wangsul ka palayanan otomatis.
adminduk-reschedule-ask = Jadwal Bapa/Ibu kalayan tiket *{ $ticket }* kanggo { $date } kedah dipindahkeun. Mangga pilih dinten sanés (palayanan tabuh { $opens }–{ $closes } WIB):
adminduk-reschedule-moved = *Jadwal Bapa/Ibu parantos dipindahkeun ka { $date }.* Tiket *{ $old }* teu lumaku deui; mangga anggo tiket énggal di handap ieu.
adminduk-reschedule-kept = Kantor kacamatan tetep buka dina { $date }; jadwal Bapa/Ibu kalayan tiket *{ $ticket }* tetep lumaku.
adminduk-reschedule-left = Mangga, jadwal kalayan tiket *{ $ticket }* teu acan dipindahkeun; kantor kacamatan tutup dina { $date }. Upami Bapa/Ibu ngahubungi kami deui, kami badé nawiskeun dinten sanés.
adminduk-reschedule-gone = Jadwal kalayan tiket *{ $ticket }* parantos teu aktip, janten teu kedah dipindahkeun.
adminduk-help-reschedule = Kantor kacamatan tutup dina dinten jadwal Bapa/Ibu. Mangga waler ku angka dinten gentosna, atanapi serat dintenna, contona *Kemis* atanapi *3 Désémber*. Mangga serat *batal* upami teu acan badé mindahkeunana.

## Questions asked anywhere in the conversation (dialogues/adminduk/questions.toml)
## Every answer may use the office's details { $office } { $address } { $postal_code } { $email },
## the hours { $opens } { $closes }, { $status } (open/closed) with { $next } (the next opening day),
## { $document } when a document is known, and the topic's own args from questions.toml.

answer-hours = *Jam palayanan Kantor { $office }:* Senén–Jumaah tabuh { $opens }–{ $closes } WIB.
    Dinten Saptu, Minggu, libur nasional sareng cuti bersama kantor tutup.
    { $status ->
        [open] Ayeuna kantor nuju buka, dugi ka tabuh { $closes } WIB.
        [unknown] Ayeuna kantor nuju tutup; dinten buka salajengna teu acan tiasa dipastikeun margi dinten libur salajengna teu acan ditetepkeun ku pamaréntah.
       *[closed] Ayeuna kantor nuju tutup; buka deui { $next } tabuh { $opens } WIB.
    }
answer-address = *Kantor { $office }*
    { $address } { $postal_code }
    Buka Senén–Jumaah tabuh { $opens }–{ $closes } WIB. E-mail: { $email }
answer-cost =
    Sadaya palayanan administrasi kependudukan *GRATIS*, teu dipungut biaya naon waé (UU 24/2013 Pasal 79A): KTP-el, KK, akta kelahiran, akta kematian, surat pindah sareng KIA, boh anyar, ruksak, leungit atanapi parobihan data.
    Teu aya petugas désa, kacamatan atanapi Disdukcapil anu kenging nyuhunkeun artos, kalebet "artos administrasi" atanapi ngalangkungan calo; pungutan sapertos kitu tiasa dipidana (Pasal 95B).
    Upami aya anu nyuhunkeun artos, ulah dibayar, sareng mangga laporkeun ngalangkungan *SP4N-LAPOR!*: { $lapor_web } atanapi SMS ka { $lapor_sms } (serat LAPOR spasi eusi laporan). Bapa/Ibu ogé tiasa ngawartosan ka Camat atanapi Disdukcapil Kabupaten Bogor.
    Denda kalambatan ngalaporkeun (contona akta kelahiran) sanés pungutan; serat *denda* kanggo katerangannana.
answer-proxy = *Anu kedah sumping nyalira:* ngarekam KTP-el (poto, sidik ramo, iris soca sareng tanda tangan); teu tiasa diwakilkeun.
    Palayanan sanésna (KK, akta kelahiran, akta kematian, surat pindah, KIA) tiasa diurus ku anggota kulawarga anu kacatet dina hiji KK. Jalmi sanés di luar KK nyandak *surat kuasa* (formulir F-1.07) anu ditandatanganan ku nu masihan sareng nu nampi kuasa, sareng KTP-el nu nampi kuasa.
    Mangga serat nami dokumenna (contona *KK tiasa diwakilkeun?*) kanggo katerangan anu langkung lengkep.
answer-proxy-ktp_el = *KTP-el:* ngarekam (poto, sidik ramo, iris soca, tanda tangan) kedah ku Bapa/Ibu nyalira sareng teu tiasa diwakilkeun.
    Nyitak deui margi ruksak, leungit atanapi parobihan data teu kedah ngarekam deui. Naha KTP-el anu parantos jadi tiasa dicandak ku anggota kulawarga (nyandak KK), mangga taroskeun ka petugas, margi nu kagungan tiasa dipénta nyocogkeun sidik ramo.
answer-proxy-kk = *Kartu Keluarga:* tiasa diurus ku kapala kulawarga atanapi anggota kulawarga anu kacatet dina KK, bari nyandak KTP-el-na. Jalmi sanés di luar KK nyandak surat kuasa (formulir F-1.07) anu ditandatanganan ku kadua pihak sareng KTP-el nu nampi kuasa.
answer-proxy-akta_kelahiran = *Akta kelahiran:* dilaporkeun ku sepuh atanapi kulawarga (palapor) bari nyandak KTP-el palapor; orok teu kedah dibantun. Upami diwakilkeun ka jalmi sanés, candak surat kuasa (formulir F-1.07) sareng KTP-el nu nampi kuasa.
answer-proxy-akta_kematian = *Akta kematian:* dilaporkeun ku kulawarga almarhum/almarhumah (palapor) bari nyandak KTP-el palapor sareng 2 urang saksi. Upami diwakilkeun ka jalmi sanés, candak surat kuasa (formulir F-1.07) sareng KTP-el nu nampi kuasa.
answer-proxy-pindah = *Surat pindah:* diurus ku kapala kulawarga kanggo anggota kulawarga anu ngalih; murangkalih anu ngalih nyalira peryogi surat idin ti sepuh. Upami diwakilkeun ka jalmi sanés, candak surat kuasa (formulir F-1.07) sareng KTP-el nu nampi kuasa.
answer-proxy-kia = *KIA:* diajukeun ku sepuh atanapi wali bari nyandak KK sareng KTP-el sepuh/wali; putra teu kedah ngiring sumping.
answer-duration = *Kira-kira waktosna (sanés jangji):*
    • KK, akta kelahiran, akta kematian sareng surat pindah: upami berkasna lengkep sareng datana parantos diverifikasi, biasana rengse dina dinten éta kénéh; upami datana kedah dipariksa, tiasa langkung lami.
    • KTP-el: dina dinten sumping berkas dipariksa sareng, upami peryogi, dilaksanakeun ngarekam; nyitakna kira-kira { $ktp_days } dinten damel, gumantung kana sayogina blangko.
    • KIA: gumantung kana sayogina blangko.
    Petugas badé ngawartosan iraha dokumenna tiasa dicandak.
answer-duration-ktp_el = *KTP-el (kira-kira, sanés jangji):* dina dinten sumping berkas dipariksa sareng, upami peryogi, dilaksanakeun ngarekam. Nyitakna biasana kira-kira { $ktp_days } dinten damel, gumantung kana sayogina blangko; petugas badé ngawartosan iraha KTP-el tiasa dicandak.
answer-duration-kk = *Kartu Keluarga (kira-kira, sanés jangji):* upami berkasna lengkep sareng datana parantos diverifikasi, biasana rengse dina dinten éta kénéh; upami datana kedah dipariksa, tiasa langkung lami. KK dicitak dina keretas HVS nganggo tanda tangan éléktronik sareng kode QR; Bapa/Ibu ogé tiasa nampi tautan sareng PIN kanggo nyitak nyalira, teu kedah dilegalisir.
answer-duration-akta = *{ $document } (kira-kira, sanés jangji):* upami berkasna lengkep sareng datana parantos diverifikasi, biasana rengse dina dinten éta kénéh; upami datana kedah dipariksa, tiasa langkung lami. Akta dicitak dina keretas HVS nganggo tanda tangan éléktronik sareng kode QR; Bapa/Ibu ogé tiasa nampi tautan sareng PIN kanggo nyitak nyalira, teu kedah dilegalisir.
answer-duration-pindah = *Surat pindah (kira-kira, sanés jangji):* upami berkasna lengkep, biasana rengse dina dinten éta kénéh; upami datana kedah dipariksa, tiasa langkung lami. Petugas badé ngawartosan iraha suratna tiasa dicandak.
answer-duration-kia = *KIA (kira-kira, sanés jangji):* gumantung kana sayogina blangko. Kanggo orok, KIA dikaluarkeun babarengan sareng akta kelahiran. Petugas badé ngawartosan iraha KIA tiasa dicandak.
answer-late-fee = *Denda kalambatan di Kabupaten Bogor:* akta kelahiran anu dilaporkeun langkung ti { $days } dinten saatos lahir dikenakeun denda { $fee } ({ $rule }), nyaluyukeun kana katangtosan Disdukcapil.
    Kanggo dokumen sanésna kami teu acan gaduh katangtosan denda; mangga taroskeun ka petugas. Salian ti denda resmi, sadaya palayanan gratis.
answer-late-fee-akta_kelahiran = *Akta kelahiran:* kalahiran saéna dilaporkeun paling lami { $days } dinten. Upami langkung ti { $days } dinten, di Kabupaten Bogor dikenakeun denda { $fee } ({ $rule }), nyaluyukeun kana katangtosan Disdukcapil. Sanaos telat, aktana tetep tiasa diurus kalayan sarat anu sami.
answer-late-fee-other =
    Kanggo *{ $document }* kami teu acan gaduh katangtosan denda kalambatan ti Kabupaten Bogor; mangga taroskeun ka petugas. Anu kami terang ngan ukur denda akta kelahiran anu dilaporkeun langkung ti { $days } dinten ({ $fee }).
answer-bot =
    Ieu palayanan *otomatis* (bot) CEK BAE WA { $office }: seratan Bapa/Ibu diwaler ku sistem, sanés ku jalmi.
    Kanggo nyarios sareng petugas, mangga serat *petugas*; petugas ngawaler dina jam palayanan, Senén–Jumaah tabuh { $opens }–{ $closes } WIB. Bapa/Ibu ogé tiasa sumping ka kantor ({ $address }) atanapi ngintunkeun e-mail ka { $email }.
adminduk-office-phone = Telepon kantor: { $phone }
adminduk-location =
    Lokasi kantor dina peta: { $latitude }, { $longitude }
    { $maps }
adminduk-location-name = Kantor { $office }
adminduk-location-address = { $address } { $postal_code }

## Reminders and notices the office sends on its own

adminduk-reminder = *Pangémut jadwal énjing.*
    Nomer tiket: *{ $ticket }*
    Palayanan: { $document }
    Dinten: { $date }, tabuh { $opens }–{ $closes } WIB
    Tempat: Kantor Kacamatan Leuwiliang

    Ulah hilap nyandak:
    { $items }

    Naha Bapa/Ibu badé sumping?
adminduk-reminder-how-to-stop = Teu hoyong nampi pangémut? Serat *eureun pangemut*. Kanggo ngahurungkeun deui, serat *hurungkeun pangemut*.
adminduk-option-reminder-come = Abdi sumping
adminduk-option-reminder-change = Ganti dinten
adminduk-option-reminder-cancel = Batalkeun
adminduk-reminder-come-thanks = Hatur nuhun. Dugi ka patepang { $date } tabuh { $opens }–{ $closes } WIB di Kantor Kacamatan Leuwiliang; tembongkeun tiket *{ $ticket }* ka petugas.
adminduk-reminder-change-ask = Mangga pilih dinten sanés kanggo tiket *{ $ticket }* (ayeuna { $date }; palayanan tabuh { $opens }–{ $closes } WIB):
adminduk-reminder-change-left = Mangga, jadwal kalayan tiket *{ $ticket }* tetep { $date }.
adminduk-reminder-cancelled = Jadwal kalayan tiket *{ $ticket }* kanggo { $date } parantos dibatalkeun sareng tempatna dipasihkeun ka warga sanés. Serat *menu* upami badé milih jadwal énggal.
adminduk-reminder-gone = Jadwal kalayan tiket *{ $ticket }* parantos teu aktip.
adminduk-help-reminder = Kami ngémutan jadwal Bapa/Ibu énjing. Walon *1* upami badé sumping, *2* kanggo milih dinten sanés, atanapi *3* kanggo ngabatalkeun.
adminduk-reminders-off = Mangga, Bapa/Ibu moal nampi pangémut jadwal deui. Serat *hurungkeun pangemut* upami hoyong nampi deui.
adminduk-reminders-on = Mangga, pangémut jadwal hurung deui: kami ngémutan sadinten saméméh jadwal.
adminduk-ready = *Dokumen Bapa/Ibu parantos réngsé sareng tiasa dicandak.*
    Nomer tiket: *{ $ticket }*
    Palayanan: { $document }
    Mangga candak di Kantor Kacamatan Leuwiliang dina dinten damel tabuh { $opens }–{ $closes } WIB bari nembongkeun tiket ieu.

## Message templates (WhatsApp has no Sundanese templates: kept for reference and for a future language)

adminduk-value = { $value }
adminduk-inline-list = { $items }
adminduk-template-reminder = Pangémut jadwal énjing di Kantor Kacamatan Leuwiliang. Tiket: { $ticket }. Dinten: { $date }, tabuh { $hours } WIB. Ulah hilap nyandak: { $items }. Naha Bapa/Ibu badé sumping?
adminduk-template-ready = Dokumen Bapa/Ibu kalayan tiket { $ticket } parantos réngsé. Mangga candak di Kantor Kacamatan Leuwiliang dina dinten damel tabuh { $hours } WIB.
adminduk-template-cancelled = Jadwal kalayan tiket { $ticket } kanggo { $date } dibatalkeun ku petugas. Walon pesen ieu kanggo milih jadwal énggal.
adminduk-template-handover-reply = Petugas Kacamatan Leuwiliang ngawalon pesen Bapa/Ibu: { $text }
adminduk-template-example-text = Berkas Bapa/Ibu parantos katampi; mangga sumping numutkeun jadwal.
