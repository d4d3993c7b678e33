/// Word lists for the synthetic audience.
///
/// Common first names, surnames, bio phrases and places in several languages, combined at random;
/// no entry comes from a real profile.
enum SyntheticVocabulary {
    /// A name as shown and as it is typed into an ASCII handle.
    struct Name: Sendable {
        var shown: String
        var ascii: String

        init(_ shown: String, _ ascii: String? = nil) {
            self.shown = shown
            self.ascii = ascii ?? shown.lowercased()
        }
    }

    /// Names, bio phrases and places of one language community.
    struct Culture: Sendable {
        var language: String
        var firstNames: [Name]
        var lastNames: [Name]
        /// Shown as "last first" without a space (Japanese), else "first last".
        var familyNameFirst: Bool = false
        var bioPhrases: [String]
        var places: [String]
    }

    /// Cultures with cumulative weights (English dominates, as on most follower lists).
    static let cultures: [(cumulativeWeight: Double, culture: Culture)] = {
        let weighted: [(Double, Culture)] = [
            (0.44, english), (0.14, spanish), (0.08, portuguese), (0.07, french), (0.06, german),
            (0.04, italian), (0.06, japanese), (0.05, russian), (0.04, arabic), (0.02, turkish),
        ]
        var total = 0.0
        var result: [(cumulativeWeight: Double, culture: Culture)] = []
        for (weight, culture) in weighted {
            total += weight
            result.append((total, culture))
        }
        return result.map { ($0.cumulativeWeight / total, $0.culture) }
    }()

    static func culture(for u: Double) -> Culture {
        for entry in cultures where u < entry.cumulativeWeight {
            return entry.culture
        }
        return english
    }

    // MARK: - Cultures

    static let english = Culture(
        language: "en",
        firstNames: [
            "James", "Mary", "John", "Emma", "Tom", "Sarah", "Michael", "Jessica", "David", "Laura", "Chris",
            "Emily", "Daniel", "Olivia", "Matt", "Hannah", "Ryan", "Megan", "Josh", "Kate", "Ben", "Amy",
            "Sam", "Rachel", "Jake", "Lucy", "Alex", "Grace", "Nick", "Chloe",
        ].map { Name($0) },
        lastNames: [
            "Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Davis", "Clark", "Walker", "Hall",
            "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell",
            "Mitchell", "Roberts", "Carter", "Turner", "Parker", "Evans", "Collins", "Murphy",
        ].map { Name($0) },
        bioPhrases: [
            "Coffee first.", "Dog mom", "Husband, dad, runner", "Views are my own", "Software engineer",
            "Teacher and lifelong learner", "Marketing @ a startup", "Photography and travel",
            "Just here for the memes", "Nurse. Night shift survivor", "Football fan", "Plant collector",
            "Writing my first novel", "Retired and loving it", "Student", "Podcast host", "Amateur baker",
            "Gamer", "Data nerd", "Climate, cities, bikes", "Reader of too many books", "Music is life",
            "RTs are not endorsements", "Proud Texan", "Living my best life",
        ],
        places: [
            "London, England", "New York, NY", "Los Angeles, CA", "Chicago, IL", "Manchester", "Toronto",
            "Sydney, Australia", "Dublin, Ireland", "Austin, TX", "Seattle, WA", "Lagos, Nigeria", "Earth",
        ]
    )

    static let spanish = Culture(
        language: "es",
        firstNames: [
            Name("María", "maria"), Name("José", "jose"), Name("Lucía", "lucia"), Name("Carlos"), Name("Ana"),
            Name("Javier"), Name("Sofía", "sofia"), Name("Diego"), Name("Carmen"), Name("Pablo"), Name("Elena"),
            Name("Andrés", "andres"), Name("Valentina"), Name("Miguel"), Name("Isabel"), Name("Alejandro"),
        ],
        lastNames: [
            Name("López", "lopez"), Name("García", "garcia"), Name("Martínez", "martinez"),
            Name("Rodríguez", "rodriguez"), Name("Sánchez", "sanchez"), Name("Pérez", "perez"),
            Name("Gómez", "gomez"), Name("Fernández", "fernandez"), Name("Díaz", "diaz"), Name("Torres"),
            Name("Ruiz"), Name("Morales"), Name("Castro"), Name("Ortega"),
        ],
        bioPhrases: [
            "Amante del café", "Periodista", "Madre de dos", "Hincha del Betis", "Viajar es vivir",
            "Profesora de primaria", "Ingeniera de software", "Opiniones personales", "Música y libros",
            "Fotografía", "Estudiante de medicina", "Siempre positivo", "Emprendedor",
        ],
        places: [
            "Madrid, España", "Barcelona", "Ciudad de México", "Buenos Aires, Argentina", "Bogotá, Colombia",
            "Sevilla", "Lima, Perú", "Santiago de Chile", "Valencia",
        ]
    )

    static let portuguese = Culture(
        language: "pt",
        firstNames: [
            Name("João", "joao"), Name("Ana"), Name("Pedro"), Name("Beatriz"), Name("Lucas"), Name("Mariana"),
            Name("Gabriel"), Name("Júlia", "julia"), Name("Rafael"), Name("Camila"), Name("Tiago"),
        ],
        lastNames: [
            Name("Silva"), Name("Santos"), Name("Oliveira"), Name("Souza"), Name("Costa"), Name("Ferreira"),
            Name("Almeida"), Name("Gonçalves", "goncalves"), Name("Ribeiro"), Name("Carvalho"),
        ],
        bioPhrases: [
            "Apaixonada por livros", "Flamenguista", "Designer", "Professor", "Vivendo um dia de cada vez",
            "Engenheiro", "Música, praia e café", "Mãe, esposa e advogada", "Estudante de direito",
        ],
        places: ["São Paulo, Brasil", "Rio de Janeiro", "Lisboa, Portugal", "Porto", "Belo Horizonte", "Recife"]
    )

    static let french = Culture(
        language: "fr",
        firstNames: [
            Name("Camille"), Name("Léa", "lea"), Name("Hugo"), Name("Chloé", "chloe"), Name("Louis"),
            Name("Manon"), Name("Pierre"), Name("Inès", "ines"), Name("Julien"), Name("Margaux"), Name("Théo", "theo"),
        ],
        lastNames: [
            Name("Martin"), Name("Bernard"), Name("Dubois"), Name("Durand"), Name("Lefèvre", "lefevre"),
            Name("Moreau"), Name("Laurent"), Name("Girard"), Name("Roux"), Name("Fournier"),
        ],
        bioPhrases: [
            "Passionnée de cuisine", "Journaliste", "Développeur web", "Amoureux de Paris", "Prof de maths",
            "Voyages et photos", "Avis personnels", "Papa de trois enfants", "Étudiante en droit",
        ],
        places: ["Paris, France", "Lyon", "Marseille", "Bruxelles", "Montréal, Québec", "Toulouse"]
    )

    static let german = Culture(
        language: "de",
        firstNames: [
            Name("Lukas"), Name("Anna"), Name("Jonas"), Name("Lena"), Name("Felix"), Name("Marie"),
            Name("Jürgen", "juergen"), Name("Katrin"), Name("Maximilian"), Name("Sophie"),
        ],
        lastNames: [
            Name("Müller", "mueller"), Name("Schmidt"), Name("Schneider"), Name("Fischer"), Name("Weber"),
            Name("Meyer"), Name("Wagner"), Name("Becker"), Name("Hoffmann"), Name("Schäfer", "schaefer"),
        ],
        bioPhrases: [
            "Kaffee und Bücher", "Softwareentwickler", "Lehrerin", "Fußball ist alles", "Hier privat",
            "Fotografie", "Radfahrer", "Mama von zwei Kindern", "Student der Physik",
        ],
        places: ["Berlin, Deutschland", "München", "Hamburg", "Wien, Österreich", "Köln", "Zürich"]
    )

    static let italian = Culture(
        language: "it",
        firstNames: [
            Name("Luca"), Name("Giulia"), Name("Marco"), Name("Francesca"), Name("Alessandro"), Name("Chiara"),
            Name("Matteo"), Name("Sara"), Name("Davide"), Name("Martina"),
        ],
        lastNames: [
            Name("Rossi"), Name("Russo"), Name("Ferrari"), Name("Esposito"), Name("Bianchi"), Name("Romano"),
            Name("Colombo"), Name("Ricci"), Name("Marino"), Name("Greco"),
        ],
        bioPhrases: [
            "Amo la pizza", "Giornalista", "Forza Roma", "Ingegnere", "Viaggiatrice", "Mamma e avvocato",
            "Fotografo per passione", "Opinioni personali",
        ],
        places: ["Roma, Italia", "Milano", "Napoli", "Torino", "Bologna", "Firenze"]
    )

    static let japanese = Culture(
        language: "ja",
        firstNames: [
            Name("健", "ken"), Name("陽菜", "hina"), Name("翔", "sho"), Name("結衣", "yui"), Name("大輝", "daiki"),
            Name("美咲", "misaki"), Name("蓮", "ren"), Name("さくら", "sakura"), Name("拓海", "takumi"),
        ],
        lastNames: [
            Name("佐藤", "sato"), Name("鈴木", "suzuki"), Name("高橋", "takahashi"), Name("田中", "tanaka"),
            Name("伊藤", "ito"), Name("渡辺", "watanabe"), Name("山本", "yamamoto"), Name("中村", "nakamura"),
        ],
        familyNameFirst: true,
        bioPhrases: [
            "猫が好き", "エンジニア", "カフェ巡り", "アニメとゲーム", "無言フォロー失礼します", "写真を撮るのが趣味",
            "大学生", "旅行が好きです", "日常のつぶやき",
        ],
        places: ["東京", "大阪", "Tokyo, Japan", "横浜", "福岡", "京都"]
    )

    static let russian = Culture(
        language: "ru",
        firstNames: [
            Name("Ольга", "olga"), Name("Иван", "ivan"), Name("Анна", "anna"), Name("Дмитрий", "dmitry"),
            Name("Мария", "maria"), Name("Сергей", "sergey"), Name("Елена", "elena"), Name("Алексей", "alexey"),
        ],
        lastNames: [
            Name("Иванова", "ivanova"), Name("Смирнов", "smirnov"), Name("Кузнецова", "kuznetsova"),
            Name("Попов", "popov"), Name("Соколова", "sokolova"), Name("Волков", "volkov"),
        ],
        bioPhrases: [
            "Люблю путешествовать", "Программист", "Мама и жена", "Фотограф", "Книги и кофе", "Студентка",
            "Живу в моменте",
        ],
        places: ["Москва", "Санкт-Петербург", "Киев", "Минск", "Алматы", "Riga"]
    )

    static let arabic = Culture(
        language: "ar",
        firstNames: [
            Name("ليلى", "layla"), Name("محمد", "mohammed"), Name("فاطمة", "fatima"), Name("أحمد", "ahmed"),
            Name("نور", "nour"), Name("عمر", "omar"), Name("سارة", "sara"), Name("يوسف", "youssef"),
        ],
        lastNames: [
            Name("الحسن", "alhassan"), Name("العلي", "alali"), Name("منصور", "mansour"), Name("حداد", "haddad"),
            Name("خليل", "khalil"), Name("سعيد", "saeed"),
        ],
        bioPhrases: [
            "أحب القراءة", "مهندس برمجيات", "الحمد لله دائماً", "مصور", "طالبة جامعية", "كرة القدم حياتي",
        ],
        places: ["الرياض", "دبي", "القاهرة", "Amman, Jordan", "Casablanca", "Beirut"]
    )

    static let turkish = Culture(
        language: "tr",
        firstNames: [
            Name("Ayşe", "ayse"), Name("Mehmet"), Name("Zeynep"), Name("Mustafa"), Name("Elif"), Name("Emre"),
            Name("Büşra", "busra"), Name("Burak"),
        ],
        lastNames: [
            Name("Yılmaz", "yilmaz"), Name("Kaya"), Name("Demir"), Name("Şahin", "sahin"), Name("Çelik", "celik"),
            Name("Öztürk", "ozturk"),
        ],
        bioPhrases: ["Kitap kurdu", "Öğretmen", "Galatasaray", "Yazılım mühendisi", "Kahve bağımlısı", "Gezgin"],
        places: ["İstanbul", "Ankara", "İzmir", "Antalya", "Bursa"]
    )

    // MARK: - Shared pieces

    /// Words two of which make a hobby handle ("coffeelover", "techdad").
    static let handleWords = [
        "coffee", "lover", "tech", "dad", "mom", "travel", "music", "pixel", "daily", "the", "real", "its",
        "official", "sunny", "moon", "wolf", "green", "blue", "chef", "runner", "books", "film", "art", "dev",
        "gamer", "crypto", "fit", "yoga", "cat", "dog", "life", "world", "urban", "wild", "retro", "indie",
    ]

    static let emoji = ["✨", "🌍", "☕", "📷", "⚽", "🎶", "🌱", "❤️", "🇪🇸", "🇧🇷", "🏳️‍🌈", "👩‍💻", "🐶", "📚", "🔥"]

    static let hashtags = ["#photography", "#travel", "#opensource", "#bookworm", "#fitness", "#vegan", "#NFL", "#F1"]

    /// The rare line a bought profile carries instead of an empty bio.
    static let spamBios = [
        "Follow back 💯", "Follow me and I follow back", "DM for promo", "Crypto signals 🚀🚀",
        "Make money from home", "New here", "Hi", "💋💋💋",
    ]

    static let alphanumerics = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    static let urlCharacters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
}
