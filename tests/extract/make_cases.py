#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The phrasing corpus of check_phrasings.py, kept as readable Python:
# `python3 make_cases.py` rewrites phrasings.jsonl. Every paragraph was
# written for warta's tests (names of real office holders, invented
# events); add a case here, regenerate, and run `make check`.
import json
C = []
def case(id, published, text, officials=(), agreements=(), dates=None):
    d = {"id": id, "published": published, "text": text,
         "officials": list(officials), "agreements": list(agreements)}
    if dates is not None:
        d["dates"] = dates
    C.append(d)
def off(name, title, org=None):
    o = {"name": name, "title": title}
    if org is not None:
        o["org"] = org
    return o
def agr(kind, stage, parties, **kw):
    a = {"kind": kind, "stage": stage, "parties": parties}
    a.update(kw)
    return a

case("mou-pemkab-university", "2023-06-12",
 "SUMEDANG – Pemerintah Kabupaten Sumedang dan Universitas Padjadjaran (Unpad) menandatangani nota kesepahaman tentang pengembangan sumber daya manusia di Gedung Negara, Senin (12/6/2023). Penandatanganan dilakukan oleh Bupati Sumedang Dony Ahmad Munir dan Rektor Unpad Prof. Dr. Rina Indiastuti, M.SIE. Nota kesepahaman itu berlaku selama lima tahun.",
 [off("Dony Ahmad Munir", "Bupati", "Kabupaten Sumedang"), off("Rina Indiastuti", "Rektor", "Universitas Padjadjaran")],
 [agr("mou", "signed", ["Kabupaten Sumedang", "Universitas Padjadjaran"], signed="2023-06-12", duration="P5Y", sectors=["sumber daya manusia"])],
 dates=["2023-06-12"])

case("sister-city-renewal-japan", "2023-03-15",
 "SURABAYA – Pemerintah Kota Surabaya memperpanjang kerja sama sister city dengan Kota Kitakyushu, Jepang. Wali Kota Surabaya Eri Cahyadi mengatakan perpanjangan nota kesepahaman itu ditandatangani bersama Wali Kota Kitakyushu Kazuhisa Takeuchi secara daring, Selasa (14/3/2023). Hubungan kedua kota telah terjalin sejak 1997.",
 [off("Eri Cahyadi", "Wali Kota", "Kota Surabaya"), off("Kazuhisa Takeuchi", "Wali Kota", "Kota Kitakyushu")],
 [agr("sister_city", "renewal", ["Kota Surabaya", "Kota Kitakyushu"], signed="2023-03-14")],
 dates=["2023-03-14", "1997"])

case("loi-province-subdivision", "2023-09-08",
 "Pemerintah Provinsi Jawa Tengah dan Pemerintah Provinsi Fujian, Tiongkok, meneken letter of intent (LoI) di bidang perdagangan dan pariwisata di Semarang, Kamis (7/9/2023). Gubernur Jawa Tengah Ganjar Pranowo berharap LoI tersebut segera ditindaklanjuti.",
 [off("Ganjar Pranowo", "Gubernur", "Provinsi Jawa Tengah")],
 [agr("loi", "signed", ["Provinsi Jawa Tengah", "Fujian"], signed="2023-09-07", sectors=["perdagangan", "pariwisata"])])

case("sister-city-ended", "2024-01-10",
 "Kerja sama sister city antara Kota Bogor dan Kota Saint Louis, Amerika Serikat, telah berakhir pada 2019 dan hingga kini belum diperpanjang, kata Wali Kota Bogor Bima Arya Sugiarto di Balai Kota Bogor, Rabu (10/1/2024).",
 [off("Bima Arya Sugiarto", "Wali Kota", "Kota Bogor")],
 [agr("sister_city", "ended", ["Kota Bogor", "Kota Saint Louis"])])

case("governor-minister-pks", "2022-11-02",
 "Gubernur Jawa Barat Ridwan Kamil dan Menteri Luar Negeri Retno Marsudi menghadiri penandatanganan perjanjian kerja sama antara Pemerintah Provinsi Jawa Barat dan Pemerintah Negara Bagian Australia Selatan di Bandung, Rabu (2/11/2022). Wakil Gubernur Jawa Barat Uu Ruzhanul Ulum turut hadir.",
 [off("Ridwan Kamil", "Gubernur", "Provinsi Jawa Barat"), off("Retno Marsudi", "Menteri", "Kementerian Luar Negeri"),
  off("Uu Ruzhanul Ulum", "Wakil Gubernur", "Provinsi Jawa Barat")],
 [agr("agreement", "signed", ["Provinsi Jawa Barat", "Australia Selatan"], signed="2022-11-02")])

case("deputy-mayor-consul-exploring", "2023-07-21",
 "Wakil Wali Kota Medan Aulia Rachman menerima kunjungan Konsul Jenderal Malaysia di Medan, Muhammad Fauzi Md Isa, Kamis (20/7/2023). Keduanya membahas peluang kerja sama di bidang perdagangan dan pendidikan antara Kota Medan dan Negara Bagian Pulau Pinang.",
 [off("Aulia Rachman", "Wakil Wali Kota", "Kota Medan"), off("Muhammad Fauzi Md Isa", "Konsul Jenderal", "Malaysia")],
 [agr("cooperation", "exploring", ["Kota Medan", "Pulau Pinang"], sectors=["perdagangan", "pendidikan"], cameo="040")])

case("staff-and-related-links", "2023-05-05",
 "Bupati Bandung Dadang Supriatna meresmikan pasar rakyat di Soreang, Jumat (5/5/2023).\n\nBaca juga: Wali Kota Bandung Yana Mulyana tinjau Pasar Kosambi\n\nPasar itu dibangun dengan anggaran Rp 12 miliar.\n\nPewarta: Ahmad Fauzi\nEditor: Budi Santoso\nCOPYRIGHT © ANTARA 2023",
 [off("Dadang Supriatna", "Bupati", "Kabupaten Bandung")], [], dates=["2023-05-05"])

case("selaku-honorifics-degree", "2023-04-04",
 "Drs. H. Sutarmidji, M.Hum. selaku Gubernur Kalimantan Barat menyambut baik rencana penandatanganan nota kesepahaman dengan Pemerintah Negara Bagian Sarawak, Malaysia.",
 [off("Sutarmidji", "Gubernur", "Provinsi Kalimantan Barat")],
 [agr("mou", "planned", ["Provinsi Kalimantan Barat", "Sarawak"])])

case("kadis-acronym-title", "2023-02-14",
 "Kadisdik Kota Bekasi Uu Saeful Mikdar mengatakan sekolah-sekolah di Bekasi siap menjalankan kurikulum baru.",
 [off("Uu Saeful Mikdar", "Kepala Dinas", "Dinas Pendidikan Kota Bekasi")], [])

case("mayor-of-english", "2022-10-20",
 "Mayor of Fort Worth Mattie Parker menyambut delegasi Kota Bandung untuk membahas kelanjutan hubungan sister city kedua kota.",
 [off("Mattie Parker", "Wali Kota", "Kota Fort Worth")],
 [agr("sister_city", "active", ["Kota Fort Worth", "Kota Bandung"])])

case("company-mou", "2022-06-24",
 "Pemkot Bandung menggandeng PT Telkom Indonesia (Persero) Tbk untuk mengembangkan smart city. Penandatanganan MoU dilakukan Wali Kota Bandung Yana Mulyana dan Direktur Utama Telkom Ririek Adriansyah di Pendopo Kota Bandung, Jumat (24/6/2022).",
 [off("Yana Mulyana", "Wali Kota", "Kota Bandung"), off("Ririek Adriansyah", "Direktur Utama", "PT Telkom Indonesia (Persero) Tbk")],
 [agr("mou", "signed", ["Kota Bandung", "PT Telkom Indonesia"], signed="2022-06-24", sectors=["smart city"])])

case("kabid-selaku-comma-field", "2023-08-01",
 "Ir. Budi Santoso selaku Kepala Bidang Perdagangan Dinas Koperasi, UKM dan Perdagangan Kabupaten Garut mengatakan harga beras masih stabil.",
 [off("Budi Santoso", "Kepala Bidang", "Dinas Koperasi, UKM dan Perdagangan Kabupaten Garut")], [])

case("sekda-dprd-initial", "2023-03-01",
 "Sekretaris Daerah Kota Depok Supian Suri dan Ketua DPRD Kota Depok T. Yusufsyah Putra menghadiri rapat paripurna, Rabu (1/3/2023).",
 [off("Supian Suri", "Sekretaris Daerah", "Kota Depok"), off("T. Yusufsyah Putra", "Ketua DPRD", "DPRD Kota Depok")], [])

case("regencies-planned", "2023-10-02",
 "Pemkab Sleman dan Pemkab Gunungkidul berencana menjalin kerja sama pengelolaan sampah regional. Bupati Sleman Kustini Sri Purnomo menyebut rencana kerja sama itu akan ditandatangani bulan depan.",
 [off("Kustini Sri Purnomo", "Bupati", "Kabupaten Sleman")],
 [agr("cooperation", "planned", ["Kabupaten Sleman", "Kabupaten Gunungkidul"], sectors=["lingkungan hidup"])])

case("ambassador-exploring-sister-city", "2023-11-11",
 "Duta Besar RI untuk Jepang Heri Akhmadi mendorong Pemerintah Kota Makassar menjajaki kerja sama sister city dengan Kota Fukuoka.",
 [off("Heri Akhmadi", "Duta Besar", "Indonesia")],
 [agr("sister_city", "exploring", ["Kota Makassar", "Kota Fukuoka"])])

case("active-old-signing", "2023-05-02",
 "Kabupaten Banyuwangi dan Kota Tainan, Taiwan, telah bekerja sama di bidang pariwisata sejak penandatanganan MoU pada 15 Agustus 2018. Kerja sama itu masih berjalan hingga kini, kata Kepala Dinas Kebudayaan dan Pariwisata Banyuwangi, M. Yanuar Bramuda.",
 [off("M. Yanuar Bramuda", "Kepala Dinas", "Dinas Kebudayaan dan Pariwisata Kabupaten Banyuwangi")],
 [agr("mou", "active", ["Kabupaten Banyuwangi", "Kota Tainan"], signed="2018-08-15", sectors=["pariwisata"])],
 dates=["2018-08-15"])

case("dinas-university-pks", "2023-02-07",
 "Dinas Kesehatan Kota Yogyakarta dan Universitas Gadjah Mada menandatangani perjanjian kerja sama (PKS) tentang penanganan stunting, Senin (6/2/2023).",
 [], [agr("agreement", "signed", ["Kota Yogyakarta", "Universitas Gadjah Mada"], signed="2023-02-06")])

case("quoted-country-no-party", "2023-01-20",
 "“Produk kita bisa bersaing dan bekerja sama dengan Jepang,” kata Wali Kota Solo Gibran Rakabuming Raka.",
 [off("Gibran Rakabuming Raka", "Wali Kota", "Kota Surakarta")], [])

case("datuk-bandar-renewal", "2023-06-01",
 "Datuk Bandar Kuala Lumpur Datuk Seri Mahadi Che Ngah dan Gubernur DKI Jakarta Anies Baswedan menandatangani pembaruan MoU kota kembar Jakarta–Kuala Lumpur.",
 [off("Mahadi Che Ngah", "Wali Kota", "Kota Kuala Lumpur"), off("Anies Baswedan", "Gubernur", "Provinsi DKI Jakarta")],
 [agr("sister_city", "renewal", ["Kota Kuala Lumpur", "Provinsi DKI Jakarta"])])

case("private-persons-no-officials", "2023-07-07",
 "Menurut Asep Sunandar, pelaku UMKM asal Cimahi, penjualan meningkat sejak pameran. “Sekarang banyak pembeli dari Bandung,” kata Budi, warga Cimahi.",
 [], [])

case("country-mou-president", "2022-07-01",
 "Presiden Joko Widodo menyaksikan penandatanganan nota kesepahaman antara Indonesia dan Uni Emirat Arab di Abu Dhabi, Jumat (1/7/2022).",
 [off("Joko Widodo", "Presiden")],
 [agr("mou", "signed", ["Indonesia", "Uni Emirat Arab"], signed="2022-07-01")])

case("ended-not-renewed", "2022-02-02",
 "Pemerintah Kota Semarang memutuskan tidak memperpanjang nota kesepahaman kota kembar dengan Kota Brisbane yang habis masa berlakunya pada 2021.",
 [], [agr("sister_city", "ended", ["Kota Semarang", "Kota Brisbane"])])

case("bersama-strengthen", "2023-09-19",
 "Pemprov DKI Jakarta bersama Pemerintah Kota Seoul sepakat memperkuat kerja sama di bidang transportasi dan smart city.",
 [], [agr("cooperation", "active", ["Provinsi DKI Jakarta", "Kota Seoul"], sectors=["transportasi", "smart city"])])

case("plt-mayor-university", "2023-03-09",
 "Plt Wali Kota Bekasi Tri Adhianto menandatangani MoU dengan Universitas Indonesia (UI) terkait pengembangan riset, Kamis (9/3/2023).",
 [off("Tri Adhianto", "Pelaksana Tugas Wali Kota", "Kota Bekasi")],
 [agr("mou", "signed", ["Kota Bekasi", "Universitas Indonesia"], signed="2023-03-09", sectors=["riset"])])

case("alias-kang", "2023-04-17",
 "Wakil Bupati Garut Helmi Budiman, yang akrab disapa Kang Helmi, meninjau lokasi banjir. Menurut Helmi, bantuan sudah disalurkan.",
 [off("Helmi Budiman", "Wakil Bupati", "Kabupaten Garut")], [])

case("bare-cities-sister", "2024-02-01",
 "Jakarta dan Berlin telah menjalin hubungan kota kembar sejak 1994.",
 [], [agr("sister_city", "active", ["Provinsi DKI Jakarta", "Kota Berlin"])], dates=["1994"])

case("solo-unknown-city", "2023-08-30",
 "Pemkot Solo menjajaki kerja sama dengan Kota Kotor, Montenegro, di bidang pariwisata dan kebudayaan.",
 [], [agr("cooperation", "exploring", ["Kota Surakarta", "Kota Kotor"], sectors=["pariwisata", "kebudayaan"])])

case("kepala-dinas-after-name", "2023-01-31",
 "Hal itu disampaikan Nur Haryani, Kepala Dinas Koperasi dan UMKM Kota Surakarta, di sela pameran.",
 [off("Nur Haryani", "Kepala Dinas", "Dinas Koperasi dan UMKM Kota Surakarta")], [])

case("walikota-comma-name-later-mentions", "2023-02-01",
 "Wali Kota Bandung, Yana Mulyana, menerima Wali Kota Petaling Jaya, Mohamad Azhan, di Balai Kota Bandung. Yana dan Azhan membahas tindak lanjut kerja sama sister city kedua kota.",
 [off("Yana Mulyana", "Wali Kota", "Kota Bandung"), off("Mohamad Azhan", "Wali Kota", "Kota Petaling Jaya")],
 [agr("sister_city", "active", ["Kota Bandung", "Kota Petaling Jaya"])])

case("loi-companies-business-meeting", "2023-05-25",
 "Dinas Perdagangan Kota Malang menggelar business meeting dengan Kota Kuching, Malaysia. Kepala Dinas Perdagangan Kota Malang, Wahyu Setianto, berharap pertemuan itu berlanjut ke penandatanganan LoI.",
 [off("Wahyu Setianto", "Kepala Dinas", "Dinas Perdagangan Kota Malang")],
 [agr("loi", "planned", ["Kota Malang", "Kota Kuching"])])

case("wawali-short-title", "2023-06-06",
 "Wawali Surabaya Armuji mengatakan Pemkot Surabaya akan bekerja sama dengan Kota Busan dalam bidang pendidikan.",
 [off("Armuji", "Wakil Wali Kota", "Kota Surabaya")],
 [agr("cooperation", "planned", ["Kota Surabaya", "Kota Busan"], sectors=["pendidikan"])])

case("unknown-foreign-mayor", "2023-10-10",
 "Wali Kota Tsukuba, Tatsuo Igarashi, berkunjung ke Kota Bandung untuk menjajaki kerja sama sister city.",
 [off("Tatsuo Igarashi", "Wali Kota", "Kota Tsukuba")],
 [agr("sister_city", "exploring", ["Kota Bandung", "Kota Tsukuba"], cameo="042")])

case("sekda-paren-acronym", "2023-05-15",
 "Sekretaris Daerah (Sekda) Kota Bandung Ema Sumarna membuka forum perangkat daerah, Senin (15/5/2023).",
 [off("Ema Sumarna", "Sekretaris Daerah", "Kota Bandung")], [], dates=["2023-05-15"])

case("headline-capitals", "2023-10-12",
 "WALI KOTA BOGOR BIMA ARYA TERIMA DELEGASI JEPANG\n\nWali Kota Bogor Bima Arya menerima delegasi Kota Tsukuba di Balai Kota Bogor. Keduanya membahas rencana penandatanganan nota kesepahaman.",
 [off("Bima Arya", "Wali Kota", "Kota Bogor")],
 [agr("mou", "planned", ["Kota Bogor", "Kota Tsukuba"])])

case("consul-general-di-city", "2023-08-08",
 "Konsul Jenderal RI di Johor Bahru, Sigit S. Widiyanto, menghadiri temu bisnis antara Pemerintah Kota Batam dan Pemerintah Negeri Johor.",
 [off("Sigit S. Widiyanto", "Konsul Jenderal", "Indonesia")],
 [agr("cooperation", "exploring", ["Kota Batam", "Johor"])])

case("kepala-bappeda-implied", "2023-04-20",
 "Kepala Bappeda Kota Bandung Anton Sunarwibowo dan Kepala Dinas Pariwisata dan Kebudayaan (Disbudpar) Kota Bandung Kenny Dewi Kaniasari memaparkan program 2024.",
 [off("Anton Sunarwibowo", "Kepala Badan", "Badan Perencanaan Pembangunan Daerah Kota Bandung"),
  off("Kenny Dewi Kaniasari", "Kepala Dinas", "Dinas Pariwisata dan Kebudayaan Kota Bandung")], [])

case("dateline-signing-sentence", "2023-02-06",
 "Bandung (ANTARA) - Pemerintah Provinsi Jawa Barat menandatangani perjanjian kerja sama dengan Pemerintah Prefektur Shizuoka, Jepang, di bidang ketenagakerjaan dan pertanian. Penandatanganan dilakukan Gubernur Jabar Ridwan Kamil dan Gubernur Shizuoka Heita Kawakatsu di Gedung Sate, Bandung, Senin.\n\nPewarta: Ricky Prayoga\nEditor: Agus Setiawan",
 [off("Ridwan Kamil", "Gubernur", "Provinsi Jawa Barat"), off("Heita Kawakatsu", "Gubernur", "Shizuoka")],
 [agr("agreement", "signed", ["Provinsi Jawa Barat", "Shizuoka"], signed="2023-02-06", sectors=["ketenagakerjaan", "pertanian"])],
 dates=["2023-02-06"])

case("we-in-quote-ended-and-exploring", "2023-07-06",
 "TRIBUNJATENG.COM, SEMARANG - Kerja sama kota kembar antara Kota Semarang dan Kota Brisbane, Australia, resmi berakhir setelah tidak diperpanjang sejak 2020.\n\nWali Kota Semarang Hevearita Gunaryanti Rahayu atau yang akrab disapa Mbak Ita mengatakan pihaknya kini lebih fokus ke kota-kota di Asia.\n\n\"Kami sedang menjajaki kerja sama dengan Kota Da Nang, Vietnam, di bidang pariwisata,\" ujar Mbak Ita, Rabu (5/7/2023).",
 [off("Hevearita Gunaryanti Rahayu", "Wali Kota", "Kota Semarang")],
 [agr("sister_city", "ended", ["Kota Semarang", "Kota Brisbane"]),
  agr("cooperation", "exploring", ["Kota Semarang", "Kota Da Nang"], sectors=["pariwisata"])])

case("police-teamwork-not-agreement", "2023-03-03",
 "Kapolrestabes Bandung Kombes Pol Budi Sartono mengapresiasi kerja sama warga selama arus mudik. \"Terima kasih atas kerja sama semua pihak,\" katanya.",
 [off("Budi Sartono", "Kepala Kepolisian Resor Kota Besar", "Kepolisian Resor Kota Besar Kota Bandung")], [])

case("unknown-university-rector-camat", "2023-09-01",
 "Rektor Universitas Nusantara Raya Budi Santoso mengatakan kampus siap. Camat Coblong Iskandar Zulkarnain menyambut. Menteri Besar Selangor Amirudin Shari dan Rektor Universitas Padjadjaran Rina Indiastuti bertemu di Bandung.",
 [off("Budi Santoso", "Rektor", "Universitas Nusantara Raya"), off("Iskandar Zulkarnain", "Camat", "Kecamatan Coblong"),
  off("Amirudin Shari", "Menteri Besar", "Selangor"), off("Rina Indiastuti", "Rektor", "Universitas Padjadjaran")], [])

case("ministry-province-mou", "2023-03-18",
 "Liputan6.com, Jakarta - Kementerian Koperasi dan UKM (KemenKopUKM) menjalin kerja sama dengan Pemerintah Provinsi Bali untuk memperkuat ekosistem UMKM pariwisata. Nota kesepahaman ditandatangani Menteri Koperasi dan UKM Teten Masduki dan Gubernur Bali Wayan Koster di Denpasar, Sabtu (18/3/2023).\n\nTeten mengatakan, kolaborasi ini diharapkan mendorong UMKM naik kelas.",
 [off("Teten Masduki", "Menteri", "Kementerian Koperasi dan UKM"), off("Wayan Koster", "Gubernur", "Provinsi Bali")],
 [agr("mou", "signed", ["Kementerian Koperasi dan UKM", "Provinsi Bali"], signed="2023-03-18", sectors=["UMKM", "pariwisata"], cameo="057")])

case("kota-and-kabupaten-same-name", "2023-02-10",
 "SUKABUMI - Pemkot Sukabumi dan Pemkab Sukabumi menyepakati kerja sama pengelolaan air bersih. Kesepakatan itu diteken Wali Kota Sukabumi Achmad Fahmi dan Bupati Sukabumi Marwan Hamami di Pendopo Kabupaten Sukabumi, Kamis (9/2/2023).\n\n\"Kerja sama ini sudah lama kami tunggu,\" kata Fahmi.",
 [off("Achmad Fahmi", "Wali Kota", "Kota Sukabumi"), off("Marwan Hamami", "Bupati", "Kabupaten Sukabumi")],
 [agr("cooperation", "signed", ["Kota Sukabumi", "Kabupaten Sukabumi"], signed="2023-02-09", sectors=["air bersih"])])

case("universities-partnership", "2023-06-01",
 "MEDAN - Universitas Sumatera Utara (USU) menjalin kemitraan dengan Universiti Malaya, Malaysia, dalam riset dan pertukaran mahasiswa. Rektor USU Muryanto Amin mengatakan kerja sama tersebut sudah berjalan sejak 2019.",
 [off("Muryanto Amin", "Rektor", "Universitas Sumatera Utara")],
 [agr("cooperation", "active", ["Universitas Sumatera Utara", "Universiti Malaya"], sectors=["riset"])], dates=["2019"])

case('sister-city-signed-germany', '2023-09-12',
 'PADANG - Pemerintah Kota Padang dan Kota Hildesheim, Jerman, resmi menjalin hubungan kota kembar. Penandatanganan dilakukan Wali Kota Padang Hendri Septa dan Wali Kota Hildesheim Ingo Meyer di Balai Kota Padang, Senin (11/9/2023).',
 [off('Hendri Septa', 'Wali Kota', 'Kota Padang'), off('Ingo Meyer', 'Wali Kota', 'Kota Hildesheim')],
 [agr('sister_city', 'signed', ['Kota Padang', 'Kota Hildesheim'])])

case('consul-visit-vocational', '2023-05-20',
 'Bupati Banyuwangi Ipuk Fiestiandani menerima kunjungan Konsul Jenderal Australia di Surabaya, Glen Askew. Keduanya membahas kerja sama pendidikan vokasi antara Banyuwangi dan Negara Bagian Australia Barat.',
 [off('Ipuk Fiestiandani', 'Bupati', 'Kabupaten Banyuwangi'), off('Glen Askew', 'Konsul Jenderal', 'Australia')],
 [agr('cooperation', 'active', ['Kabupaten Banyuwangi', 'Australia Barat'])])

case('pemkab-ipb-mou', '2023-11-02',
 'Pemerintah Kabupaten Bogor meneken nota kesepahaman dengan Institut Pertanian Bogor (IPB) University tentang pengembangan pertanian modern, Rabu (1/11/2023). Bupati Bogor Iwan Setiawan berharap kerja sama ini meningkatkan produktivitas petani.',
 [off('Iwan Setiawan', 'Bupati', 'Kabupaten Bogor')],
 [agr('mou', 'signed', ['Kabupaten Bogor', 'Institut Pertanian Bogor'])])

case('sister-city-to-be-renewed', '2023-08-17',
 'Kerja sama sister city Kota Bandung dan Kota Suwon, Korea Selatan, yang telah berjalan sejak 1997 akan diperbarui tahun depan. Hal itu disampaikan Sekretaris Daerah Kota Bandung Ema Sumarna usai menerima delegasi Suwon.',
 [off('Ema Sumarna', 'Sekretaris Daerah', 'Kota Bandung')],
 [agr('sister_city', 'renewal', ['Kota Bandung', 'Kota Suwon'])])

case('governor-ambassador-no-agreement', '2023-04-11',
 'Gubernur Sulawesi Selatan Andi Sudirman Sulaiman dan Duta Besar Jepang untuk Indonesia Kenji Kanasugi membahas peluang investasi Jepang di Sulsel.',
 [off('Andi Sudirman Sulaiman', 'Gubernur', 'Provinsi Sulawesi Selatan'), off('Kenji Kanasugi', 'Duta Besar', 'Jepang')],
 [])

case('quote-kami-speaker-party', '2023-06-22',
 '"Kami berharap kerja sama dengan Kabupaten Sleman bisa segera terwujud," kata Wali Kota Magelang Muchamad Nur Aziz.',
 [off('Muchamad Nur Aziz', 'Wali Kota', 'Kota Magelang')],
 [agr('cooperation', 'exploring', ['Kota Magelang', 'Kabupaten Sleman'])])

case('kepala-agency-acronym-business-matching', '2023-10-05',
 'Pemprov Jawa Timur melalui Dinas Perindustrian dan Perdagangan menggelar business matching dengan pengusaha Malaysia di Surabaya. Kepala Disperindag Jatim Iwan menyebut transaksi mencapai Rp 15 miliar.',
 [off('Iwan', 'Kepala Dinas', 'Dinas Perindustrian dan Perdagangan Provinsi Jawa Timur')],
 [agr('cooperation', 'exploring', ['Provinsi Jawa Timur', 'Malaysia'])])

case('deputy-minister-no-parties', '2023-12-01',
 'Wakil Menteri Luar Negeri Pahala Mansury membuka forum kerja sama ekonomi Indonesia-Afrika di Bali.',
 [off('Pahala Mansury', 'Wakil Menteri', 'Kementerian Luar Negeri')],
 [])

case('university-city-pks', '2023-07-14',
 'Universitas Diponegoro (Undip) dan Pemerintah Kota Semarang menandatangani perjanjian kerja sama penanganan banjir. Rektor Undip Yos Johan Utama menyerahkan dokumen kepada Wali Kota Semarang Hevearita Gunaryanti Rahayu.',
 [off('Yos Johan Utama', 'Rektor', 'Universitas Diponegoro'), off('Hevearita Gunaryanti Rahayu', 'Wali Kota', 'Kota Semarang')],
 [agr('agreement', 'signed', ['Universitas Diponegoro', 'Kota Semarang'])])

case('kepala-badan-long-acronym', '2023-03-30',
 'Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia (BKPSDM) Kabupaten Garut, Ade Hendarsyah, mengatakan seleksi PPPK dimulai pekan depan.',
 [off('Ade Hendarsyah', 'Kepala Badan', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Garut')],
 [])

case('pemkab-company-pks-duration', '2023-09-20',
 'detikJabar - Pemkab Purwakarta dan PT Kereta Api Indonesia (Persero) meneken perjanjian kerja sama pengelolaan lahan stasiun. Bupati Purwakarta Anne Ratna Mustika mengatakan PKS itu berlaku selama 10 tahun.',
 [off('Anne Ratna Mustika', 'Bupati', 'Kabupaten Purwakarta')],
 [agr('agreement', 'signed', ['Kabupaten Purwakarta', 'PT Kereta Api Indonesia'])])

case('city-exploring-japanese-city', '2023-02-28',
 'Pemerintah Kota Tangerang Selatan menjajaki kerja sama pengelolaan sampah dengan Kota Kitakyushu. Wali Kota Tangsel Benyamin Davnie mengatakan penjajakan dilakukan lewat pertemuan daring.',
 [off('Benyamin Davnie', 'Wali Kota', 'Kota Tangerang Selatan')],
 [agr('cooperation', 'exploring', ['Kota Tangerang Selatan', 'Kota Kitakyushu'])])

case('mou-expired-not-renewed', '2023-01-15',
 'MoU antara Pemprov Sumatera Utara dan Pemerintah Negara Bagian Penang yang ditandatangani pada 2017 telah habis masa berlakunya. Gubernur Sumut Edy Rahmayadi menyatakan belum ada rencana memperpanjang.',
 [off('Edy Rahmayadi', 'Gubernur', 'Provinsi Sumatera Utara')],
 [agr('mou', 'ended', ['Provinsi Sumatera Utara', 'Pulau Pinang'])])

case('deputy-mayor-batu-no-agreement', '2023-08-03',
 'Wakil Wali Kota Batu Punjul Santoso menghadiri pameran produk UMKM di Alun-alun Kota Batu, Kamis (3/8/2023).',
 [off('Punjul Santoso', 'Wakil Wali Kota', 'Kota Batu')],
 [])

case('kadis-after-comma-province-agreement', '2023-05-09',
 'Kepala Dinas Pariwisata Provinsi Bali, Tjokorda Bagus Pemayun, mengatakan Pemprov Bali dan Pemerintah Provinsi Hainan, Tiongkok, sepakat menjalin kerja sama promosi wisata.',
 [off('Tjokorda Bagus Pemayun', 'Kepala Dinas', 'Dinas Pariwisata Provinsi Bali')],
 [agr('cooperation', 'planned', ['Provinsi Bali', 'Hainan'])])

case('acting-governor-consul', '2023-10-30',
 'Pj Gubernur Jawa Barat Bey Machmudin bertemu Konsul Jenderal Amerika Serikat di Surabaya. Dalam pertemuan itu, Bey mengajak AS berinvestasi di Jabar.',
 [off('Bey Machmudin', 'Penjabat Gubernur', 'Provinsi Jawa Barat')],
 [])

case('dinas-via-pemkot-association-mou', '2023-04-25',
 'Pemkot Makassar melalui Dinas Perdagangan menandatangani MoU dengan Asosiasi Pengusaha Indonesia (Apindo) Sulawesi Selatan. Kepala Dinas Perdagangan Kota Makassar Arlin Ariesta menyebut MoU itu fokus pada penguatan UMKM.',
 [off('Arlin Ariesta', 'Kepala Dinas', 'Dinas Perdagangan Kota Makassar')],
 [agr('mou', 'signed', ['Kota Makassar', 'Asosiasi Pengusaha Indonesia'])])

case('sister-city-renewal-philippines', '2023-06-15',
 'Pemerintah Kota Bitung dan Kota Davao, Filipina, sepakat memperbarui nota kesepahaman sister city yang ditandatangani pada 2014. Wali Kota Bitung Maurits Mantiri dan Wali Kota Davao Sebastian Duterte bertemu di Bitung.',
 [off('Maurits Mantiri', 'Wali Kota', 'Kota Bitung'), off('Sebastian Duterte', 'Wali Kota', 'Kota Davao')],
 [agr('sister_city', 'renewal', ['Kota Bitung', 'Kota Davao'])])

case('kabid-biro-setda-active', '2023-03-14',
 'Menurut Kepala Bidang Hubungan Luar Negeri Biro Pemerintahan Setda Jawa Tengah, Siti Aminah, kerja sama Jawa Tengah dengan Provinsi Fujian masih berjalan baik.',
 [off('Siti Aminah', 'Kepala Bidang', 'Biro Pemerintahan Setda Jawa Tengah')],
 [agr('cooperation', 'active', ['Provinsi Jawa Tengah', 'Fujian'])])

case('president-prime-minister-no-parties', '2023-07-25',
 'Presiden Joko Widodo dan Perdana Menteri Australia Anthony Albanese menyaksikan pertukaran dokumen kerja sama di Sydney, Selasa (4/7/2023).',
 [off('Joko Widodo', 'Presiden'), off('Anthony Albanese', 'Perdana Menteri', 'Australia')],
 [])

case('redundant-prefixes-in-titles', '2023-09-05',
 'Bupati Kabupaten Bandung Barat Hengki Kurniawan dan Gubernur Provinsi Jawa Barat Ridwan Kamil meresmikan jalan desa. Sekda Kabupaten Bandung Cakra Amiyana turut hadir.',
 [off('Hengki Kurniawan', 'Bupati', 'Kabupaten Bandung Barat'), off('Ridwan Kamil', 'Gubernur', 'Provinsi Jawa Barat'), off('Cakra Amiyana', 'Sekretaris Daerah', 'Kabupaten Bandung')],
 [])

case('administrative-city-mayor', '2023-03-21',
 'Wali Kota Administrasi Jakarta Pusat Dhany Sukma dan Hj. Atalia Praratya, Ketua TP PKK Jawa Barat, mengunjungi pasar.',
 [off('Dhany Sukma', 'Wali Kota', 'Kota Jakarta Pusat')],
 [])

case('moa-universities', '2023-11-20',
 'Universitas Brawijaya (UB) dan Universiti Teknologi Malaysia (UTM) menandatangani Memorandum of Agreement (MoA) tentang pertukaran dosen. Rektor UB Widodo menyebut MoA tersebut merupakan tindak lanjut MoU yang diteken pada 2021.',
 [off('Widodo', 'Rektor', 'Universitas Brawijaya')],
 [agr('mou', 'signed', ['Universitas Brawijaya', 'Universiti Teknologi Malaysia'])])

case('kadis-field-acronym-later-mention', '2023-08-28',
 'Kadis KUMKM Kota Bandung Atet Dedi Handiman menyebut ada 8.662 UMKM terdaftar. Menurut Atet, jumlah itu naik 12 persen.',
 [off('Atet Dedi Handiman', 'Kepala Dinas', 'Dinas Koperasi dan Usaha Mikro Kecil dan Menengah Kota Bandung')],
 [])

case('planned-nota-kesepakatan', '2023-12-12',
 'Kota Blitar dan Kota Kediri sepakat menjalin kerja sama di bidang pariwisata. Nota kesepakatan akan ditandatangani Wali Kota Blitar Santoso dan Wali Kota Kediri Abdullah Abu Bakar pekan depan.',
 [off('Santoso', 'Wali Kota', 'Kota Blitar'), off('Abdullah Abu Bakar', 'Wali Kota', 'Kota Kediri')],
 [agr('mou', 'planned', ['Kota Blitar', 'Kota Kediri'])])

case('anniversary-sister-city', '2023-02-02',
 'Pemerintah Kabupaten Badung, Bali, dan Pemerintah Kota Hangzhou memperingati 10 tahun hubungan sister city. Kerja sama kedua daerah selama ini berjalan di bidang kebudayaan dan pariwisata.',
 [],
 [agr('sister_city', 'active', ['Kabupaten Badung', 'Kota Hangzhou'])])

case('staff-lines-and-inline-related', '2023-05-30',
 'Pewarta: Wali Kota Tipuan\nEditor: Bupati Palsu\n\nWali Kota Cirebon Eti Herawati meninjau banjir. (Baca juga: Gubernur Jabar Ridwan Kamil tinjau Cirebon)',
 [off('Eti Herawati', 'Wali Kota', 'Kota Cirebon')],
 [])

case('national-agency-partner', '2023-07-07',
 'Pemkot Bekasi menggandeng Badan Riset dan Inovasi Nasional (BRIN) untuk riset pengolahan sampah. Wali Kota Bekasi Tri Adhianto menyebut kolaborasi itu diresmikan lewat penandatanganan nota kesepahaman, Jumat (7/7/2023).',
 [off('Tri Adhianto', 'Wali Kota', 'Kota Bekasi')],
 [agr('mou', 'signed', ['Kota Bekasi', 'Badan Riset dan Inovasi Nasional'])])

case("full-article-three-relationships", "2023-03-07",
 'Wali Kota Bogor Bima Arya Terima Kunjungan Delegasi Kota Saint Louis\n\nBOGOR, KOMPAS.com - Wali Kota Bogor Bima Arya Sugiarto menerima kunjungan delegasi Kota Saint Louis, Amerika Serikat, di Balai Kota Bogor, Senin (6/3/2023). Delegasi dipimpin Wakil Wali Kota Saint Louis, Megan Green.\n\nKunjungan tersebut merupakan tindak lanjut dari penandatanganan letter of intent (LoI) sister city yang dilakukan kedua kota pada Oktober 2022 lalu.\n\n"Kami ingin kerja sama ini segera diwujudkan dalam program yang konkret, terutama di bidang pendidikan, kebudayaan, dan pengelolaan lingkungan," ujar Bima.\n\nMenurut Bima, Kota Bogor dan Saint Louis memiliki banyak kesamaan, antara lain sebagai kota dengan banyak taman dan kebun raya. Saint Louis memiliki Missouri Botanical Garden, sementara Bogor memiliki Kebun Raya Bogor.\n\nSementara itu, Green mengatakan pihaknya berharap penandatanganan MoU sister city dapat dilakukan tahun ini. "Kami sudah menyiapkan draf MoU dan akan membahasnya dengan DPRD Kota Bogor," kata Green.\n\nDalam kesempatan itu, Kepala Dinas Pendidikan Kota Bogor Sujatmiko Baliarto memaparkan program pertukaran pelajar yang akan digelar mulai Juli 2023. Sebanyak 20 pelajar SMA di Kota Bogor akan dikirim ke Saint Louis selama dua minggu.\n\nSelain dengan Saint Louis, Pemkot Bogor juga tengah menjajaki kerja sama dengan Kota Tsukuba, Jepang. Sebelumnya, Bogor telah menjalin kerja sama sister city dengan Kota Fuqing, Tiongkok, sejak 2016.\n\nBaca juga: Bima Arya Resmikan Alun-alun Kota Bogor\n\nPenulis: Kontributor Bogor, Afdhalul Ikhsan\nEditor: Gloria Setyvani Putri\n',
 [off("Bima Arya Sugiarto", "Wali Kota", "Kota Bogor"), off("Megan Green", "Wakil Wali Kota", "Kota Saint Louis"),
  off("Sujatmiko Baliarto", "Kepala Dinas", "Dinas Pendidikan Kota Bogor")],
 [agr("sister_city", "planned", ["Kota Bogor", "Kota Saint Louis"], sectors=["pendidikan", "kebudayaan"]),
  agr("cooperation", "exploring", ["Kota Bogor", "Kota Tsukuba"]),
  agr("sister_city", "active", ["Kota Bogor", "Kota Fuqing"])],
 dates=["2016", "2022-10", "2023", "2023-03-06", "2023-07"])

case("full-article-sister-province-antara", "2023-05-16",
 'Semarang (ANTARA) - Pemerintah Provinsi Jawa Tengah dan Pemerintah Provinsi Guangdong, Tiongkok, menandatangani nota kesepahaman kerja sama di bidang perdagangan, investasi, dan pendidikan vokasi di Semarang, Selasa.\n\nPenandatanganan dilakukan oleh Gubernur Jawa Tengah Ganjar Pranowo dan Wakil Gubernur Guangdong Zhang Xin, disaksikan Konsul Jenderal Tiongkok di Surabaya Zhang Ping.\n\nGanjar mengatakan kerja sama ini merupakan kelanjutan dari hubungan provinsi bersaudara yang telah terjalin sejak 2010. Menurut dia, nilai perdagangan Jawa Tengah dengan Guangdong pada 2022 mencapai 1,2 miliar dolar AS.\n\n"Kami ingin investor Guangdong masuk ke kawasan industri Kendal dan Batang," kata Ganjar.\n\nKepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP) Jawa Tengah Sakina Rosellasari menambahkan, pihaknya menyiapkan layanan khusus bagi investor asal Tiongkok.\n\nSementara itu, Zhang Xin berharap kerja sama ini juga membuka peluang pertukaran pelajar antara kedua provinsi.\n\nPewarta: Wisnu Adhi Nugroho\nEditor: Achmad Zaenal M\nCOPYRIGHT © ANTARA 2023\n',
 [off("Ganjar Pranowo", "Gubernur", "Provinsi Jawa Tengah"), off("Zhang Xin", "Wakil Gubernur", "Guangdong"),
  off("Zhang Ping", "Konsul Jenderal", "Tiongkok"),
  off("Sakina Rosellasari", "Kepala Dinas", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Jawa Tengah")],
 [agr("sister_city", "signed", ["Provinsi Jawa Tengah", "Guangdong"], signed="2023-05-16",
      sectors=["perdagangan", "investasi", "pendidikan"], cameo="057")],
 dates=["2010", "2022", "2023-05-16"])

case('ministers-two-countries', '2023-09-14',
 'Indonesia dan Vietnam sepakat meningkatkan kerja sama perdagangan. Hal itu disampaikan Menteri Perdagangan Zulkifli Hasan usai bertemu Menteri Industri dan Perdagangan Vietnam Nguyen Hong Dien di Jakarta, Rabu (13/9/2023).',
 [off('Zulkifli Hasan', 'Menteri', 'Kementerian Perdagangan'), off('Nguyen Hong Dien', 'Menteri', 'Kementerian Industri dan Perdagangan Vietnam')],
 [agr('cooperation', 'active', ['Indonesia', 'Vietnam'])])

case('regent-with-kadis-visit', '2023-04-04',
 'Bupati Kulon Progo Sutedjo, didampingi Kepala Dinas Pariwisata Kulon Progo Joko Mursito, menerima rombongan investor dari Korea Selatan, Selasa (4/4/2023).',
 [off('Sutedjo', 'Bupati', 'Kabupaten Kulon Progo'), off('Joko Mursito', 'Kepala Dinas', 'Dinas Pariwisata Kabupaten Kulon Progo')],
 [])

case('acting-mayor-malaka', '2023-10-18',
 'Pemerintah Kota Pekanbaru resmi bekerja sama dengan Kota Malaka, Malaysia, dalam bidang pariwisata dan kebudayaan. Nota kesepahaman diteken Penjabat Wali Kota Pekanbaru Muflihun di Malaka, Selasa (17/10/2023).',
 [off('Muflihun', 'Penjabat Wali Kota', 'Kota Pekanbaru')],
 [agr('mou', 'signed', ['Kota Pekanbaru', 'Kota Melaka'])])

case('quoted-speaker-city-partner', '2023-06-06',
 '"Kerja sama dengan Kota Kochi sudah berjalan lebih dari 25 tahun," ujar Wakil Wali Kota Surabaya, Armuji, kepada wartawan.',
 [off('Armuji', 'Wakil Wali Kota', 'Kota Surabaya')],
 [agr('cooperation', 'active', ['Kota Surabaya', 'Kota Kochi'])])

case('dprd-chair-supports-renewal', '2023-02-20',
 'Ketua DPRD Kota Bandung Tedy Rusmawan mendukung rencana Pemkot Bandung memperbarui kerja sama sister city dengan Kota Braunschweig, Jerman.',
 [off('Tedy Rusmawan', 'Ketua DPRD', 'DPRD Kota Bandung')],
 [agr('sister_city', 'renewal', ['Kota Bandung', 'Kota Braunschweig'])])

# Officials: unit names, month-like first names, Balinese and Korean names,
# headline verbs, Kepala Biro (held-out failure patterns, own phrasings).
case('kadis-long-unit-comma', '2024-03-05',
 'Kepala Dinas Lingkungan Hidup Kabupaten Sleman, Agus Prasetyo, meninjau tempat pengolahan sampah di Depok, Selasa (5/3/2024). Kepala Bagian Hukum Setda Kota Madiun, Rina Marlina, turut hadir.',
 [off('Agus Prasetyo', 'Kepala Dinas', 'Dinas Lingkungan Hidup Kabupaten Sleman'), off('Rina Marlina', 'Kepala Bagian')],
 [], dates=['2024-03-05'])

case('balinese-korean-names', '2024-05-20',
 'Bupati Gianyar I Made Mahayastra menerima Gubernur Gyeonggi Yang Dong-hwan di Gianyar. Wakil Bupati Gianyar Anak Agung Gde Mayun dan Kepala Biro Perekonomian Setda Bali, I Wayan Sudarsana, mendampingi.',
 [off('I Made Mahayastra', 'Bupati', 'Kabupaten Gianyar'), off('Yang Dong-hwan', 'Gubernur', 'Gyeonggi'),
  off('Anak Agung Gde Mayun', 'Wakil Bupati', 'Kabupaten Gianyar'), off('I Wayan Sudarsana', 'Kepala Biro')],
 [])

case('headline-verbs-not-names', '2024-02-02',
 'Wali Kota Kediri Tingkatkan Layanan Air Bersih\n\nBupati Sragen Haryanto Minta Warga Siaga Banjir\n\nWali Kota Kediri Abdullah Abu Bakar mengatakan layanan air bersih terus ditingkatkan.',
 [off('Abdullah Abu Bakar', 'Wali Kota', 'Kota Kediri'), off('Haryanto', 'Bupati', 'Kabupaten Sragen')], [])

# Agreement parties: epithets after "Kota", embassies as bystanders, a
# brand with its market, legal forms dropped, a company branch's town.
case('twin-city-epithet-embassy', '2024-04-02',
 'Pemerintah Kota Pekalongan menjalin hubungan kota kembar dengan Kota Bruges, Belgia. Kota Batik itu juga dikenal sebagai kota kreatif UNESCO. Kedutaan Besar Belgia mendukung kerja sama kota kembar tersebut.',
 [], [agr('sister_city', 'active', ['Kota Pekalongan', 'Kota Bruges'])])

case('brand-and-legal-form-parties', '2023-08-15',
 'Pemkab Jember menandatangani nota kesepahaman dengan Tokopedia Indonesia untuk pelatihan UMKM, Selasa (15/8/2023). Pada hari yang sama Pemkab Jember meneken perjanjian kerja sama dengan PT Pos Indonesia (Persero) Kantor Cabang 3 Lumajang.',
 [], [agr('mou', 'signed', ['Kabupaten Jember', 'Tokopedia Indonesia']), agr('agreement', 'signed', ['Kabupaten Jember', 'PT Pos Indonesia'])])

# Agreement stages: a conditional renewal clause, a standing relation
# with talk of widening it, a hoped-for signing, a pause that resumed.
case('signed-with-renewal-clause', '2024-06-11',
 'Pemkab Kuningan dan Pemkab Majalengka resmi meneken perjanjian kerja sama pengelolaan sampah regional, Senin (10/6/2024). Perjanjian itu berlaku tiga tahun dan dapat diperpanjang atas persetujuan kedua pihak.',
 [], [agr('agreement', 'signed', ['Kabupaten Kuningan', 'Kabupaten Majalengka'])])

case('standing-relation-widening', '2024-07-01',
 'Kerja sama sister city antara Kota Semarang dan Kota Brisbane telah terjalin sejak 1993. Dalam kunjungan ke Brisbane, Wali Kota Semarang Hevearita Gunaryanti Rahayu membahas kemungkinan kerja sama baru di bidang transportasi.',
 [off('Hevearita Gunaryanti Rahayu', 'Wali Kota', 'Kota Semarang')],
 [agr('sister_city', 'active', ['Kota Semarang', 'Kota Brisbane'])])

case('hoped-signing-paused-exchange', '2024-08-20',
 'Pemkot Malang menjajaki kerja sama pendidikan dengan Kota Tainan, Taiwan. Pihaknya berharap pembicaraan itu bisa berlanjut sampai penandatanganan nota kesepahaman. Pertukaran pelajar kedua kota sempat terhenti karena pandemi.',
 [], [agr('mou', 'exploring', ['Kota Malang', 'Kota Tainan'])])

# Lower-case medical honorific in a chain or after a comma.
case('lowercase-dr-honorific', '2024-09-03',
 'Rektor Unpad Prof. dr. Arief Sjamsulaksan Kartasasmita hadir bersama Kepala Dinas Kesehatan Kota Cimahi, dr. Mulyati, dalam peluncuran program itu.',
 [off('Arief Sjamsulaksan Kartasasmita', 'Rektor', 'Universitas Padjadjaran'), off('Mulyati', 'Kepala Dinas', 'Dinas Kesehatan Kota Cimahi')], [])

# An acting title with its short form in parentheses.
case('acting-title-parenthesised', '2024-10-07',
 'Penjabat (Pj) Bupati Bogor Asmawa Tosepu meninjau pasar. Pelaksana Harian (Plh) Wali Kota Cilegon Maman Mauludin ikut mendampingi.',
 [off('Asmawa Tosepu', 'Penjabat Bupati', 'Kabupaten Bogor'), off('Maman Mauludin', 'Pelaksana Harian Wali Kota', 'Kota Cilegon')], [])

# A visited country is where the talks happen, not a party.
case('visited-country-not-party', '2024-11-12',
 'Kunjungi Belanda, Wali Kota Semarang Jajaki Kerja Sama dengan Rotterdam\n\nWali Kota Semarang Hevearita Gunaryanti Rahayu mengunjungi Belanda dan menjajaki kerja sama pengelolaan air dengan Kota Rotterdam.',
 [off('Hevearita Gunaryanti Rahayu', 'Wali Kota', 'Kota Semarang')],
 [agr('cooperation', 'exploring', ['Kota Semarang', 'Kota Rotterdam'])])

# A first name later re-introduced with the same title is the same person.
case('first-name-reintroduced', '2024-12-02',
 'Bupati Kendal Dico Mahtado Ganinduto meresmikan jembatan desa. Dico yang menjabat Bupati Kendal sejak 2021 berharap jembatan itu mempercepat distribusi hasil panen.',
 [off('Dico Mahtado Ganinduto', 'Bupati', 'Kabupaten Kendal')], [])

with open("phrasings.jsonl", "w", encoding="utf-8") as f:
    for c in C:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")
print(len(C), "cases")
