# Cek berkas: the resident sends photos or PDFs of the papers of their booking, for a petugas to check
# before the trip. Translators: keep every { $variable } as it is; *text* is bold on WhatsApp.
# $item is a requirement's label (adminduk.ftl, req-*); $date is a whole date ("Senén, 30 Nopémber 2026").

berkas-offer = *Mariksa berkas samémeh sumping:* mangga kintunkeun poto atanapi PDF sarat-sarat di luhur ngalangkungan paguneman ieu, petugas badé mariksana supados Bapa/Ibu henteu bulak-balik. Pilih *Mariksa berkas* atanapi serat *mariksa berkas*.
berkas-option-start = Mariksa berkas
berkas-option-next = Teras
berkas-option-skip = Liwat
berkas-option-done = Réngsé
berkas-intro = *Mariksa berkas* kanggo tiket *{ $ticket }* ({ $document }, { $date }). Mangga kintunkeun poto anu jelas atanapi PDF, hiji-hiji, paling ageung { $mb } MB per file. Serat *liwat* upami teu acan gaduh berkasna, *réngsé* upami parantos cekap.
berkas-nearest = Bapa/Ibu kagungan { $count } jadwal; anu dianggo nyaéta jadwal anu pangcaketna di luhur.
berkas-ask = *Kintunkeun poto ({ $number }/{ $total }):* { $item }
berkas-received = Katampi kanggo *{ $item }* ({ $count } file). Mangga kintun deui upami aya kaca sanésna, atanapi pilih *Teras*, *Liwat* atanapi *Réngsé*.
berkas-received-unasked = File Bapa/Ibu katampi salaku *{ $item }* kanggo tiket *{ $ticket }* ({ $date }). Upami lepat, petugas tiasa ngalihkeunana ka berkas anu leres. Serat *mariksa berkas* kanggo ngintunkeun berkas hiji-hiji.
berkas-item-other = Berkas sanésna
berkas-not-understood = Hapunten, kami nuju ngantosan poto atanapi PDF berkas. Mangga kintunkeun filena, atanapi serat *liwat* kanggo berkas salajengna, *réngsé* kanggo eureun.
berkas-help = Mangga kintunkeun poto (dipoto ti caket, caang, teu kapotong) atanapi PDF tina berkas anu dipénta. Hiji berkas kénging sababaraha poto. Serat *teras* kanggo berkas salajengna, *liwat* upami teu acan gaduh, *réngsé* kanggo eureun. Petugas badé mariksa sareng ngawartosan hasilna ngalangkungan paguneman ieu.
berkas-summary = Hatur nuhun. Berkas kanggo tiket *{ $ticket }* ({ $date }) ku kami diteraskeun ka petugas kanggo dipariksa; hasilna badé dikintunkeun ngalangkungan paguneman ieu.
berkas-summary-sent =
    Parantos dikintunkeun:
    { $items }
berkas-summary-sent-item = { $item } ({ $count } file)
berkas-summary-missing =
    Teu acan dikintunkeun atanapi diliwat (mangga bawa aslina nalika sumping):
    { $items }
berkas-summary-nothing = Teu acan aya file anu dikintunkeun kanggo tiket *{ $ticket }*. Serat *mariksa berkas* iraha waé upami badé ngintunkeunana.
berkas-no-booking = Kanggo mariksa berkas, Bapa/Ibu kedah nyandak jadwal heula. Serat *menu*, pilih dokumenna, teras kintunkeun poto berkasna saatos tiketna medal.
berkas-no-booking-file = Hatur nuhun, nanging file ieu teu acan tiasa katampi margi Bapa/Ibu teu acan kagungan jadwal. Serat *menu* kanggo milih dokumen sareng nyandak jadwal; saatos tiketna medal, mangga kintun deui poto berkasna. File ieu henteu disimpen.
berkas-booking-gone = Jadwal kalayan tiket *{ $ticket }* parantos teu lumaku, janten berkasna henteu dipénta deui. Serat *menu* kanggo nyandak jadwal énggal.
berkas-file-of = File kanggo *{ $item }* (tiket { $ticket }):
berkas-refused-type = Hapunten, file jinis ieu teu tiasa katampi. Mangga kintunkeun poto (JPG, PNG atanapi WebP) atanapi PDF. File ieu henteu disimpen.
berkas-refused-size = Hapunten, file ieu ageung teuing (paling ageung { $mb } MB). Mangga kintunkeun poto biasa, sanés dokumen ukuran asli, atanapi PDF anu langkung alit. File ieu henteu disimpen.
berkas-refused-count = Hapunten, tiket *{ $ticket }* parantos gaduh { $max } file, wates anu tiasa katampi. File ieu henteu disimpen; petugas badé mariksa anu parantos aya.
berkas-fetch-failed = Hapunten, file ieu teu tiasa dicandak tina WhatsApp/Telegram. Mangga kintun sakali deui.
berkas-unavailable = Hapunten, ayeuna kami teu acan tiasa nampi file. Mangga bawa berkas aslina nalika sumping.
