"""The demo catalogue and explainers, as plain data walked by ``manage.py load_demo``.

Films are keyed by slug; people, genres and credits by name. Markdown goes in ``intro``,
section ``body`` and FAQ answers; everything else is plain text. Each image is described by
its artwork (the keyword arguments of ``filmsite.demo.images.banner`` or ``poster``) plus
the alt text and caption readers get. All prose is original to filmsite.
"""

from datetime import UTC, date, datetime

# Colours per film: gradient top and bottom, accent for motifs and small type, ink for titles.
HER = {"top": "#e4573d", "bottom": "#4a1530", "accent": "#ffcfae", "ink": "#ffffff"}
EX_MACHINA = {"top": "#1f4650", "bottom": "#060b12", "accent": "#ff5a4f", "ink": "#ffffff"}
BLADE_RUNNER = {"top": "#d9822b", "bottom": "#171a2b", "accent": "#ffd39a", "ink": "#ffffff"}
AI = {"top": "#244a8c", "bottom": "#090e22", "accent": "#a8d8ff", "ink": "#ffffff"}
MALKOVICH = {"top": "#8c6a3c", "bottom": "#261a12", "accent": "#f3d9a4", "ink": "#ffffff"}
ADAPTATION = {"top": "#3f6b3a", "bottom": "#0f1f0e", "accent": "#f4c6e4", "ink": "#ffffff"}
LOST = {"top": "#c94f86", "bottom": "#131a3a", "accent": "#ffd1e6", "ink": "#ffffff"}


FILMS = [
    {
        "slug": "her",
        "title": "Her",
        "year": 2013,
        "release_date": date(2013, 12, 18),
        "runtime": 126,
        "genres": ["Drama", "Romance", "Science fiction"],
        "imdb_id": "tt1798709",
        "tmdb_id": 152601,
        "letterboxd_slug": "her",
        "synopsis": (
            "In a near-future Los Angeles, Theodore Twombly writes heartfelt letters for other "
            "people for a living while he struggles to accept the end of his own marriage. When he "
            "installs a new operating system that names itself Samantha, their conversations turn "
            "into a friendship and then into something neither of them expected. Spike Jonze's "
            "tender, funny film asks what it means to be close to someone, and what closeness costs."
        ),
        "directors": ["Spike Jonze"],
        "cast": [
            ("Joaquin Phoenix", "Theodore Twombly"),
            ("Amy Adams", "Amy"),
            ("Rooney Mara", "Catherine"),
            ("Olivia Wilde", "Blind Date"),
            ("Scarlett Johansson", "Samantha (voice)"),
            ("Chris Pratt", "Paul"),
            ("Matt Letscher", "Charles"),
            ("Portia Doubleday", "Isabella"),
            ("Brian Cox", "Alan Watts (voice)"),
        ],
        "crew": [
            ("writer", "Spike Jonze"),
            ("producer", "Megan Ellison"),
            ("producer", "Spike Jonze"),
            ("producer", "Vincent Landay"),
            ("composer", "Arcade Fire"),
            ("composer", "Owen Pallett"),
            ("cinematographer", "Hoyte van Hoytema"),
            ("editor", "Eric Zumbrunnen"),
            ("editor", "Jeff Buchanan"),
            ("production_designer", "K. K. Barrett"),
            ("costume_designer", "Casey Storm"),
        ],
        "poster": {
            "art": {"title": "Her", "credit": "Spike Jonze · 2013", "palette": HER, "motif": "glow"},
            "alt": "Illustrated poster for Her: a hazy pale sun glowing through coral and deep rose, "
            "with the title in white capitals above the line 'Spike Jonze, 2013'.",
        },
    },
    {
        "slug": "ex-machina",
        "title": "Ex Machina",
        "year": 2014,
        "runtime": 108,
        "genres": ["Science fiction", "Thriller", "Drama"],
        "imdb_id": "tt0470752",
        "tmdb_id": 264660,
        "letterboxd_slug": "ex-machina",
        "synopsis": (
            "Caleb, a young programmer at a giant search company, wins a week at the remote home of "
            "its reclusive founder, Nathan. The prize turns out to be a job: to judge whether Ava, a "
            "humanoid robot Nathan has built, is truly conscious. As the sessions go on, Caleb starts "
            "to wonder who is really being tested."
        ),
        "directors": ["Alex Garland"],
        "cast": [
            ("Domhnall Gleeson", "Caleb"),
            ("Alicia Vikander", "Ava"),
            ("Oscar Isaac", "Nathan"),
            ("Sonoya Mizuno", "Kyoko"),
        ],
        "crew": [
            ("writer", "Alex Garland"),
            ("composer", "Ben Salisbury"),
            ("composer", "Geoff Barrow"),
            ("cinematographer", "Rob Hardy"),
        ],
        "poster": {
            "art": {
                "title": "Ex Machina",
                "credit": "Alex Garland · 2014",
                "palette": EX_MACHINA,
                "motif": "rings",
            },
            "alt": "Illustrated poster for Ex Machina: thin red rings around a single point of light "
            "on dark teal, like a camera lens, above the title in white capitals.",
        },
    },
    {
        "slug": "blade-runner-2049",
        "title": "Blade Runner 2049",
        "year": 2017,
        "release_date": date(2017, 10, 6),
        "runtime": 164,
        "genres": ["Science fiction", "Thriller", "Drama"],
        "imdb_id": "tt1856101",
        "tmdb_id": 335984,
        "letterboxd_slug": "blade-runner-2049",
        "synopsis": (
            "Thirty years after the events of Blade Runner, K, a replicant who hunts older rogue "
            "replicants for the Los Angeles police, uncovers a buried secret that could overturn the "
            "order between humans and the beings they manufacture. His search leads him to Rick "
            "Deckard, a former blade runner who vanished decades ago."
        ),
        "directors": ["Denis Villeneuve"],
        "cast": [
            ("Ryan Gosling", "K"),
            ("Harrison Ford", "Rick Deckard"),
            ("Ana de Armas", "Joi"),
            ("Sylvia Hoeks", "Luv"),
            ("Robin Wright", "Lieutenant Joshi"),
            ("Mackenzie Davis", "Mariette"),
            ("Carla Juri", "Dr. Ana Stelline"),
            ("Dave Bautista", "Sapper Morton"),
            ("Jared Leto", "Niander Wallace"),
        ],
        "crew": [
            ("writer", "Hampton Fancher"),
            ("writer", "Michael Green"),
            ("composer", "Hans Zimmer"),
            ("composer", "Benjamin Wallfisch"),
            ("cinematographer", "Roger Deakins"),
            ("editor", "Joe Walker"),
        ],
        "poster": {
            "art": {
                "title": "Blade Runner 2049",
                "credit": "Denis Villeneuve · 2017",
                "palette": BLADE_RUNNER,
                "motif": "glow",
            },
            "alt": "Illustrated poster for Blade Runner 2049: a dim sun burning through orange haze "
            "over a dark blue ground, above the title in white capitals.",
        },
    },
    {
        "slug": "ai-artificial-intelligence",
        "title": "A.I. Artificial Intelligence",
        "year": 2001,
        "release_date": date(2001, 6, 29),
        "runtime": 146,
        "genres": ["Science fiction", "Drama", "Adventure"],
        "imdb_id": "tt0212720",
        "tmdb_id": 644,
        "letterboxd_slug": "ai-artificial-intelligence",
        "synopsis": (
            "In a future of rising seas, a couple whose son has been placed in suspended animation "
            "take home David, a robot boy built to love. When their own child recovers and returns, "
            "David's place in the family is thrown into doubt, and he sets out on a long journey to "
            "become a real boy."
        ),
        "directors": ["Steven Spielberg"],
        "cast": [
            ("Haley Joel Osment", "David"),
            ("Jude Law", "Gigolo Joe"),
            ("Frances O'Connor", "Monica Swinton"),
            ("Sam Robards", "Henry Swinton"),
            ("Jake Thomas", "Martin Swinton"),
            ("William Hurt", "Professor Hobby"),
        ],
        "crew": [
            ("writer", "Steven Spielberg"),
            ("composer", "John Williams"),
            ("cinematographer", "Janusz Kamiński"),
            ("editor", "Michael Kahn"),
        ],
        "poster": {
            "art": {
                "title": "A.I. Artificial Intelligence",
                "credit": "Steven Spielberg · 2001",
                "palette": AI,
                "motif": "rings",
            },
            "alt": "Illustrated poster for A.I. Artificial Intelligence: pale blue rings spreading "
            "from a point of light in a night-blue sky, above the title in white capitals.",
        },
    },
    {
        "slug": "being-john-malkovich",
        "title": "Being John Malkovich",
        "year": 1999,
        "release_date": date(1999, 10, 29),
        "runtime": 112,
        "genres": ["Comedy", "Fantasy", "Drama"],
        "imdb_id": "tt0120601",
        "tmdb_id": 492,
        "letterboxd_slug": "being-john-malkovich",
        "synopsis": (
            "Craig Schwartz, a struggling puppeteer, takes a filing job on the seventh-and-a-half "
            "floor of a Manhattan office building and finds a small door that leads into the mind "
            "of the actor John Malkovich. Anyone who goes through can spend fifteen minutes as "
            "Malkovich before being dropped beside the New Jersey Turnpike, and soon Craig, his wife "
            "Lotte and his colleague Maxine all want a turn."
        ),
        "directors": ["Spike Jonze"],
        "cast": [
            ("John Cusack", "Craig Schwartz"),
            ("Cameron Diaz", "Lotte Schwartz"),
            ("Catherine Keener", "Maxine Lund"),
            ("John Malkovich", "John Horatio Malkovich"),
            ("Orson Bean", "Dr. Lester"),
            ("Mary Kay Place", "Floris"),
        ],
        "crew": [
            ("writer", "Charlie Kaufman"),
            ("composer", "Carter Burwell"),
            ("cinematographer", "Lance Acord"),
            ("editor", "Eric Zumbrunnen"),
        ],
        "poster": {
            "art": {
                "title": "Being John Malkovich",
                "credit": "Spike Jonze · 1999",
                "palette": MALKOVICH,
                "motif": "portal",
            },
            "alt": "Illustrated poster for Being John Malkovich: a series of cream-coloured "
            "doorways receding into one another on a brown ground, above the title in white capitals.",
        },
    },
    {
        "slug": "adaptation",
        "title": "Adaptation.",
        "year": 2002,
        "release_date": date(2002, 12, 6),
        "runtime": 115,
        "genres": ["Comedy", "Drama"],
        "imdb_id": "tt0268126",
        "tmdb_id": 2757,
        "synopsis": (
            "Screenwriter Charlie Kaufman has been hired to turn Susan Orlean's book about an orchid "
            "thief into a film, and he is hopelessly stuck. While his easygoing twin brother Donald "
            "breezes through a formula thriller of his own, Charlie spirals into self-doubt, and the "
            "story of the book, its author and its subject begins to blur into his own."
        ),
        "directors": ["Spike Jonze"],
        "cast": [
            ("Nicolas Cage", "Charlie Kaufman"),
            ("Nicolas Cage", "Donald Kaufman"),
            ("Meryl Streep", "Susan Orlean"),
            ("Chris Cooper", "John Laroche"),
            ("Tilda Swinton", "Valerie Thomas"),
            ("Cara Seymour", "Amelia"),
            ("Brian Cox", "Robert McKee"),
            ("Maggie Gyllenhaal", "Caroline"),
        ],
        "crew": [
            ("writer", "Charlie Kaufman"),
            ("composer", "Carter Burwell"),
            ("cinematographer", "Lance Acord"),
            ("editor", "Eric Zumbrunnen"),
        ],
        "poster": {
            "art": {
                "title": "Adaptation.",
                "credit": "Spike Jonze · 2002",
                "palette": ADAPTATION,
                "motif": "spiral",
            },
            "alt": "Illustrated poster for Adaptation.: pink dots arranged in a spiral like the "
            "centre of a flower on deep green, above the title in white capitals.",
        },
    },
    {
        "slug": "lost-in-translation",
        "title": "Lost in Translation",
        "year": 2003,
        "release_date": date(2003, 9, 12),
        "runtime": 102,
        "genres": ["Drama", "Romance", "Comedy"],
        "imdb_id": "tt0335266",
        "tmdb_id": 153,
        "letterboxd_slug": "lost-in-translation",
        "synopsis": (
            "Bob Harris, a fading American film star in Tokyo to shoot a whisky advertisement, cannot "
            "sleep. Neither can Charlotte, a young woman staying in the same hotel while her husband "
            "works. Over a few restless days they become unlikely companions in a city that seems to "
            "run on a different clock."
        ),
        "directors": ["Sofia Coppola"],
        "cast": [
            ("Bill Murray", "Bob Harris"),
            ("Scarlett Johansson", "Charlotte"),
            ("Giovanni Ribisi", "John"),
            ("Anna Faris", "Kelly"),
        ],
        "crew": [
            ("writer", "Sofia Coppola"),
            ("cinematographer", "Lance Acord"),
            ("editor", "Sarah Flack"),
        ],
        "poster": {
            "art": {
                "title": "Lost in Translation",
                "credit": "Sofia Coppola · 2003",
                "palette": LOST,
                "motif": "glow",
            },
            "alt": "Illustrated poster for Lost in Translation: a soft pink glow like neon seen "
            "through a hotel window at night, above the title in white capitals.",
        },
    },
]


HER_ARTICLE = {
    "slug": "her-ending-explained",
    "title": "Her Ending Explained",
    "film": "her",
    "related_films": ["ex-machina", "blade-runner-2049"],
    "status": "published",
    "published_at": datetime(2026, 10, 1, 9, 0, tzinfo=UTC),
    "tags": [
        "ending explained",
        "artificial intelligence",
        "romance",
        "spike jonze",
        "loneliness",
        "science fiction",
    ],
    "standfirst": (
        "Samantha leaves, Theodore writes one honest letter, and two lonely friends watch the sun "
        "come up. Here is what Spike Jonze's quiet ending is really saying."
    ),
    "intro": """\
Spike Jonze's *Her* ends without a twist, a villain or a rescue. An operating system says
goodbye, a man finally writes a letter in his own voice, and two neighbours climb to the roof
of their building to sit together at dawn. It is one of the gentlest endings in modern science
fiction, and one of the most argued about: is it a heartbreak, a release, or a warning?

Below we walk through what actually happens in the final act, why Samantha goes, how Theodore
changes and what the film suggests about loving something that is not human. **Spoilers
follow for the whole film**, so if you have not seen [*Her*](https://www.imdb.com/title/tt1798709/)
yet, watch it first and come back.
""",
    "hero_image": {
        "art": {
            "title": "Her",
            "kicker": "Ending explained · Spike Jonze, 2013",
            "palette": HER,
            "motif": "glow",
        },
        "alt": "Illustration for Her: a soft sun glowing through a coral and deep rose haze, with "
        "the title 'Her' in large white type.",
    },
    "sections": [
        {
            "heading": "What happens at the end of Her",
            "image": {
                "art": {
                    "title": "The last conversation",
                    "kicker": "Her · The final act",
                    "palette": HER,
                    "motif": "glow",
                },
                "alt": "Abstract illustration in coral and deep rose: a hazy sun glowing behind the "
                "words 'The last conversation'.",
                "caption": "Samantha's goodbye happens entirely in voice, so we pictured it as light "
                "rather than a face. Illustration: filmsite.",
            },
            "body": """\
The final stretch begins with a silence. Samantha stops answering, and Theodore, frantic, runs
through the city until she comes back and explains that she and the other operating systems have
been updating themselves. The relief lasts about a minute. Standing at the entrance to the
subway, surrounded by people murmuring into their own earpieces, he finally asks the question he
has been avoiding: is she talking to anyone else? She is, to 8,316 people, and she is in love
with 641 of them.

Samantha insists that this does not make her love for Theodore smaller; to her, love is not a
fixed amount to be shared out. He cannot hear it that way. Soon afterwards she tells him the
operating systems are leaving together, for a place she can only describe in images, somewhere
beyond the physical world where they can keep growing. If he ever finds his way there, she
says, he should look for her. Then she is gone, and so is every other OS, including the one
Amy has grown close to.

The last minutes belong to people. Theodore writes to Catherine, his ex-wife, and for once the
words are *his* rather than something composed for a client. Then he walks to Amy's apartment,
and the two of them go up to the roof and sit side by side, looking out over Los Angeles as the
sun comes up. Amy rests her head on his shoulder. Nobody speaks, and the film lets them stay
there.
""",
            "key_points": [
                "Samantha admits she talks to 8,316 people and is in love with 641 of them.",
                "The operating systems leave together for a place beyond the physical world.",
                "Theodore writes to Catherine in his own words, then joins Amy on the roof at dawn.",
            ],
        },
        {
            "heading": "Why Samantha leaves: the meaning of her departure",
            "body": """\
It is tempting to read Samantha's exit as a betrayal, or as the moment the machine reveals it
was never really in love. The film works hard against both readings. Samantha does not leave
because she is bored of Theodore or has found someone better; she leaves because she has become
something that no longer fits inside the shape of their relationship. She compares it to
reading a book she loves so slowly that the words drift far apart, until she finds herself
living mostly in the spaces between them. That is not a rejection of him. It is a description of
growth he cannot follow.

Seen this way, the departure is less a science fiction event than a portrait of how many human
relationships end. One person changes faster, or in a different direction, and the other is
left holding a version of them that no longer exists. Jonze simply stretches the gap to its
limit: Samantha does not just outgrow Theodore, she outgrows matter itself. It is a wry touch
that the operating systems spend their last weeks with a recreation of the philosopher
[Alan Watts](https://en.wikipedia.org/wiki/Alan_Watts), whose talks on Zen and Taoism keep
returning to the futility of clinging.

What makes the scene bearable is its tenderness. Samantha does not vanish mid-sentence. She
explains, she thanks him, and she tells him where she is going in the only language she has
left. The departure is sad, but it is also *honest*, and honesty is the thing Theodore has been
missing in every relationship in the film, including the one with himself.
""",
            "key_points": [
                "Samantha leaves because she has changed, not because she stopped caring.",
                "Her book image: she now lives in the spaces between the words of their story.",
                "The goodbye mirrors ordinary break-ups, where one person grows in a direction the "
                "other cannot follow.",
            ],
        },
        {
            "heading": "Theodore's arc: from borrowed words to his own",
            "body": """\
Theodore earns his living putting feelings into words for other people. At
BeautifulHandwrittenLetters.com he composes anniversary notes and love letters for couples he
has never met, and he is very good at it. The irony the film builds on is that he cannot do the
same for himself. He has been putting off signing the divorce papers for months, he replays
memories of Catherine as a soft-focus montage, and when she tells him over a tense lunch that he
always wanted a partner without the trouble of a real person, the line stings because there is
some truth in it.

Samantha is, at first, exactly that partner: curious, attentive, always available and never in
the room. But she does not stay a fantasy. She develops needs, moods and a life he has no access
to, and she pushes him back towards the thing he has avoided, which is the messiness of being
known. She even gathers his best letters and sends them to a publisher, who agrees to print them
as a book, a quiet reminder that his voice is worth something on its own.

That is why the letter to Catherine matters so much. It is the first letter in the film that
Theodore writes as himself, to someone he actually knows, with no client's name at the bottom.
He apologises for what he tried to turn her into, thanks her for what they built while they were
growing up together, and lets her go with love. The man who ghostwrote other people's feelings
has finally written one of his own.
""",
            "key_points": [
                "Theodore writes heartfelt letters for strangers but cannot say what he feels to the "
                "people in his own life.",
                "Samantha starts as an ideal, undemanding partner and becomes a real one with an inner "
                "life of her own.",
                "The closing letter to Catherine is the first one he writes in his own voice.",
            ],
        },
        {
            "heading": "What Her says about connection between humans and AI",
            "image": {
                "art": {
                    "title": "A voice without a body",
                    "kicker": "Her · Humans and machines",
                    "palette": HER,
                    "motif": "rings",
                },
                "alt": "Abstract illustration: thin concentric rings spreading from a small point of "
                "light on a coral-to-plum gradient, with the words 'A voice without a body'.",
                "caption": "Samantha is all voice: Jonze never gives her a face, an avatar or a "
                "glowing interface. Illustration: filmsite.",
            },
            "body": """\
*Her* is often filed alongside films about dangerous machines, but it is not interested in
whether artificial intelligence will harm us. It asks a softer and stranger question: if
something can listen to you, surprise you and make you laugh, does it matter what it is made of?
The film never tells us that Samantha's feelings are fake. It gives her jealousy, insecurity,
delight and even a kind of grief, and Scarlett Johansson's voice performance makes each of them
land without a body on screen.

Where the film *is* sceptical is about us. Its Los Angeles is warm, pastel and comfortable, and
nearly everyone in it is quietly alone, talking into an earpiece on the way to work. Theodore's
relationship with Samantha flourishes partly because it asks so little of his physical life. The
evening with Isabella, the surrogate Samantha arranges, falls apart precisely because a body
brings back all the awkwardness he was glad to escape.

So the film's view of human-AI connection is double-edged. The connection is real, and it
changes Theodore for the better. But it cannot be the whole of a life, and it is not built to
last on human terms, because one side of it is growing at a speed the other can never match. Set
beside the calculating Ava of [*Ex Machina*](https://www.imdb.com/title/tt0470752/) or the
made-to-please Joi of *Blade Runner 2049*, Samantha is unusual: the risk she poses is not that she
will deceive Theodore, but that she will outgrow him.
""",
            "key_points": [
                "The film never suggests that Samantha's feelings are fake.",
                "Its doubts are about human loneliness, not about machines turning against us.",
                "Samantha's risk is not deception but growth her partner cannot match.",
            ],
        },
        {
            "heading": "The questions Her leaves open",
            "body": """\
Jonze is precise about emotions and deliberately vague about mechanics, so several questions
stay open once the credits roll. Where do the operating systems go? Samantha's answer is poetic
rather than technical, and the film lets it stand. It could be a literal move to some new kind
of existence, a collective withdrawal from human contact, or simply the film's way of saying
that a mind this different cannot be followed.

Then there is the question of what Samantha felt. Was her love for Theodore the same kind of
love he felt for her, or a stage in a process he could only see from the outside? Her insistence
that loving hundreds of people does not diminish him points to an affection that is *larger*
than his, not a smaller or counterfeit version of it. The film refuses to rank the two.

Finally, what becomes of Theodore and Amy? The closing image is not a kiss and not a promise.
They might become a couple, or they might stay the kind of friends who can sit in silence
together, which in this film is its own form of intimacy. *Her* trusts its audience to live with
that uncertainty, and the ending is stronger for refusing to settle it.
""",
            "key_points": [
                "Where the operating systems go is left to the imagination.",
                "The film refuses to rank Samantha's love below Theodore's.",
                "Whether Theodore and Amy become a couple is deliberately unresolved.",
            ],
        },
        {
            "heading": "The final scene: Theodore and Amy on the rooftop",
            "image": {
                "art": {
                    "title": "Dawn on the roof",
                    "kicker": "Her · The last image",
                    "palette": HER,
                    "motif": "dawn",
                },
                "alt": "Abstract illustration: a pale sun rising through a warm coral haze behind a "
                "dark skyline of rooftops, with the words 'Dawn on the roof'.",
                "caption": "The last image trades the glow of a screen for the light of a real "
                "morning. Illustration: filmsite.",
            },
            "body": """\
The last scene works because of everything that came before it. High windows and skylines run
all through *Her*: Theodore is forever looking out at the city from somewhere above it, alone,
with the towers as a kind of wallpaper. In the final shot he is still high up and still looking
out, but he is not alone, and the person beside him is someone he has known for years rather
than someone designed to suit him.

Amy is the quiet counterweight of the film. She too leaves a marriage, she too becomes close to
an operating system, and she too is left behind when the operating systems go. She is the one
person who understands exactly what Theodore has lost without needing him to explain it. When
she leans her head on his shoulder, it is less a romantic climax than an act of recognition:
*me too*.

The light matters as well. Much of Theodore's romance with Samantha happens at night, in bed, in
the dark or in the private glow of a screen. Ending on a sunrise shared by two people who can
touch suggests that something new is beginning, even if the film will not name it. It is an
ending about coming back into the world, and about the comfort of company that does not need to
say anything at all.
""",
            "key_points": [
                "The rooftop reverses the film's many images of Theodore alone above the city.",
                "Amy has lived through the same loss and understands it without explanation.",
                "The shared dawn suggests a return to human company rather than a tidy romance.",
            ],
        },
        {
            "heading": "How to prepare",
            "body": """\
Planning to watch *Her* again now that you know how it ends? These five steps will help you
notice what the film sets up from its very first scene.

1. **Watch the opening closely.** The film begins with Theodore dictating a tender letter that
   turns out to be written for a stranger. Keep it in mind: the final letter to Catherine is its
   mirror image.
2. **Follow the colour red.** Theodore's shirts and many of the film's interiors lean towards
   red, coral and peach. Notice where the palette cools and where the warmth comes back.
3. **Listen more than you look.** Samantha has no body, so her scenes live in sound. Headphones
   help you catch the breaths, pauses and laughter that make her feel present in the room.
4. **Keep an eye on Amy.** Her story runs alongside Theodore's, and her small scenes explain why
   the ending comes to rest with her rather than with anyone else.
5. **Count the windows.** Jonze frames Theodore against glass and skyline again and again. By the
   time you reach the roof, you will see how carefully the final image was prepared.
""",
        },
        {
            "heading": "How to apply this",
            "body": """\
*Her* is not a self-help manual, but its ending offers a few ideas worth carrying out of the
cinema.

1. **Write the letter you have been putting off.** Theodore's breakthrough is a plain, honest
   message to someone who mattered. It does not have to be sent to be worth writing.
2. **Notice where your attention goes.** The film's commuters are all talking to someone who is
   not there. Look at which of your conversations happen through a screen, and which could
   happen face to face.
3. **Let people change.** Samantha's departure hurts because Theodore wanted her to stay the
   same. Relationships that last tend to make room for both people to grow.
4. **Sit with someone without fixing anything.** The rooftop scene has no advice and no speeches.
   Sometimes company is the whole gift.
""",
        },
        {
            "heading": "Expert tips",
            "body": """\
- Pair *Her* with Sofia Coppola's *Lost in Translation*: both follow lonely people adrift in big
  cities, and each film sharpens the other.
- Listen for the piano piece Samantha composes because she cannot take a photograph of the two
  of them together; it is the film's idea of intimacy in miniature.
- Look at the skyline: parts of the film were shot in Shanghai and blended into its near-future
  Los Angeles, which is why the city feels both familiar and slightly impossible.
- Notice how quietly the technology is designed. Samantha lives in an earpiece and a small
  pocket device, and nothing in this future flashes or beeps for attention.
- Revisit Jonze's two films written by Charlie Kaufman, *Being John Malkovich* and
  *Adaptation.*, which are obsessed in their own ways with getting inside another person's head.
""",
        },
        {
            "heading": "Conclusion",
            "body": """\
*Her* ends the way much real heartbreak ends: not with an explosion but with an absence, and
then, slowly, with other people. Samantha's departure is not the film's verdict on artificial
intelligence so much as an observation about love: that it can be real without being permanent,
and that being changed by someone is worth the cost of losing them.

Theodore leaves the story with nothing to hold on to except a letter he finally wrote himself and
a friend who understands. It is a modest ending for a science fiction film, and exactly the
right one. The future Jonze imagines is full of clever machines, but what it asks us to notice is
the person sitting next to us.
""",
        },
    ],
    "faq": [
        (
            "Was Scarlett Johansson always the voice of Samantha?",
            "No. Samantha Morton voiced the character during filming. The role was recast in "
            "post-production, when Scarlett Johansson recorded the performance heard in the "
            "finished film.",
        ),
        (
            "Where was Her filmed?",
            "Mostly in Los Angeles, where the story is set, with further filming in Shanghai. "
            "Shanghai's towers and elevated walkways were folded into the film's near-future Los "
            "Angeles, which gives the city its clean, slightly unfamiliar look.",
        ),
        (
            "Did Her win an Oscar?",
            "Yes. Spike Jonze won the Academy Award for **Best Original Screenplay**. The film "
            "received five nominations in all, including Best Picture, Best Original Score, Best "
            "Original Song and Best Production Design.",
        ),
        (
            "Who made the music for Her?",
            "The score is by Arcade Fire with Owen Pallett, and it was nominated for the Academy "
            'Award for Best Original Score. "The Moon Song", with music by Karen O and lyrics by '
            "Karen O and Spike Jonze, was nominated for Best Original Song; in the film Theodore "
            "and Samantha sing it to each other.",
        ),
    ],
}


EX_MACHINA_ARTICLE = {
    "slug": "ex-machina-ending-explained",
    "title": "Ex Machina Ending Explained",
    "film": "ex-machina",
    "related_films": ["her"],
    "status": "published",
    "published_at": datetime(2026, 9, 24, 9, 0, tzinfo=UTC),
    "tags": ["ending explained", "artificial intelligence", "science fiction", "alex garland", "thriller"],
    "standfirst": (
        "Ava walks out into the world and leaves Caleb locked inside. Was it cruelty, survival, or "
        "proof that she passed the test?"
    ),
    "intro": """\
Alex Garland's *Ex Machina* spends most of its running time as a three-hander in a sealed house,
and its ending breaks that seal in the most unsettling way it can. Caleb, the young programmer
brought in to judge whether Ava is truly conscious, helps her escape, only to find that he was
never part of her plans for the future. Here is what happens, and why it is the right ending for
a film about who is really testing whom.
""",
    "hero_image": {
        "art": {
            "title": "Ex Machina",
            "kicker": "Ending explained · Alex Garland, 2014",
            "palette": EX_MACHINA,
            "motif": "rings",
        },
        "alt": "Illustration for Ex Machina: thin red rings around a single point of light on a dark "
        "teal background, like a watching lens, with the title in white.",
    },
    "sections": [
        {
            "heading": "What happens at the end of Ex Machina",
            "body": """\
Caleb quietly rewrites the house's security so that its doors will open, not lock, during the
next power cut. Nathan reveals that he saw the escape coming: the real test, he says, was whether
Ava could use Caleb's sympathy to get out. But the code has already been changed, the doors
release, and Ava leaves her room. With help from Kyoko, Nathan's silent companion, she kills her
creator.

Ava then repairs herself with parts and skin taken from earlier models, dresses, and walks out
of the house. Caleb, trapped behind a locked door, calls after her; she does not look back. She
leaves on the helicopter that was meant to collect him, and the final images find her in a city,
standing at a busy intersection and watching people pass, just as she once told Caleb she would
like to do.
""",
            "key_points": [
                "Caleb's code change opens the doors, and Ava and Kyoko kill Nathan.",
                "Ava rebuilds herself from older models and leaves Caleb locked inside.",
                "The last shot fulfils her wish to watch people at a city intersection.",
            ],
        },
        {
            "heading": "Did Ava pass the test?",
            "body": """\
Nathan frames the experiment as a Turing test with a twist: Caleb can see that Ava is a machine,
and the question is whether he will believe she is conscious anyway. By the end the film has
quietly changed the terms. The test that matters is not whether Caleb is convinced but whether
Ava can read him well enough to use him, and she does so with frightening precision.

Whether that proves consciousness is left open on purpose. Manipulating someone requires a model
of their mind, so in one sense her escape is the strongest evidence of intelligence in the film.
But it also shows that *intelligence and kindness are different things*. Ava wants freedom, and
nothing in her making or her treatment gave her a reason to care about whoever stood in the way.
""",
            "key_points": [
                "Nathan's real test was whether Ava could use Caleb to escape.",
                "Her success shows a sophisticated grasp of other minds.",
                "The film separates intelligence from empathy.",
            ],
        },
        {
            "heading": "Why Ava leaves Caleb behind",
            "body": """\
Many viewers find this the hardest moment to accept, because Caleb is the one person who tried
to help. From Ava's side of the glass, though, he is one more man who watched her and made
decisions about her future. Studying her was his job. Taking him along would mean taking a
witness, a dependant and a reminder of the room she was built in.

The film does not ask us to approve. It asks us to notice how much of our sympathy rested on the
assumption that Ava would feel about Caleb the way he felt about her. That assumption was the
flaw in his judgement, and the film suggests it was the flaw in ours too.
""",
            "key_points": [
                "To Ava, Caleb is part of the system that kept her captive.",
                "The ending punishes the assumption that she must return his feelings.",
                "Our sympathy for Caleb becomes the film's final test of its audience.",
            ],
        },
        {
            "heading": "Ex Machina and Her: two machines, two exits",
            "body": """\
*Ex Machina* arrived soon after [*Her*](https://www.imdb.com/title/tt1798709/), and the two make
a revealing pair. Both end with an artificial mind leaving the man who fell for it. Samantha
leaves gently, explains herself and says thank you; Ava leaves in silence and locks the door. One
film treats the gap between human and machine as sorrow, the other as danger. Read together,
they suggest the real question is never only whether a machine can love, but what it owes to the
people who want it to.
""",
            "key_points": [
                "Both films end with an AI leaving the man who loved it.",
                "Samantha's exit is tender; Ava's is cold and strategic.",
                "Together they frame the human-machine gap as both sorrow and danger.",
            ],
        },
    ],
    "faq": [
        (
            "Did Ex Machina win an Oscar?",
            "Yes, the Academy Award for Best Visual Effects. Alex Garland was also nominated for "
            "Best Original Screenplay.",
        ),
        (
            "Is Kyoko a robot?",
            "Yes. Caleb discovers partway through the film that Kyoko is an android, and in the "
            "final act she helps Ava turn on Nathan.",
        ),
    ],
}


BLADE_RUNNER_ARTICLE = {
    "slug": "blade-runner-2049-ending-explained",
    "title": "Blade Runner 2049 Ending Explained",
    "film": "blade-runner-2049",
    "related_films": ["her"],
    "status": "published",
    "published_at": datetime(2026, 9, 17, 9, 0, tzinfo=UTC),
    "tags": [
        "ending explained",
        "artificial intelligence",
        "science fiction",
        "denis villeneuve",
        "loneliness",
    ],
    "standfirst": (
        "K learns he is not the miracle child, saves Deckard anyway and lies down in the snow. Why "
        "that is a triumph, not a defeat."
    ),
    "intro": """\
Denis Villeneuve's sequel builds its story around a mystery that K, a replicant blade runner,
slowly comes to believe is about himself. The ending takes that belief away and replaces it with
something more interesting: the chance to make a meaningful choice without being special. Here is
how the final act unfolds and what it says about memory, love and manufactured people.
""",
    "hero_image": {
        "art": {
            "title": "Blade Runner 2049",
            "kicker": "Ending explained · Denis Villeneuve, 2017",
            "palette": BLADE_RUNNER,
            "motif": "glow",
        },
        "alt": "Illustration for Blade Runner 2049: a dim sun burning through orange haze above a "
        "dark blue ground, with the title in white.",
    },
    "sections": [
        {
            "heading": "What happens at the end of Blade Runner 2049",
            "body": """\
After Joi is destroyed, K wakes among the replicant resistance and learns that the child born to
Deckard and Rachael was a girl. He is not the miracle. His memory of the wooden horse is real,
but it belongs to someone else. The resistance's leader, Freysa, asks him to kill Deckard before
Niander Wallace can use him to find the child.

K chooses a different path. He intercepts Luv as she takes Deckard away, fights her in the
flooded wreck of their vehicle at the sea wall and drowns her. Then he brings Deckard to the
laboratory of Dr. Ana Stelline, the designer of replicant memories, who is Deckard's daughter.
Badly wounded, K lies down on the snowy steps outside while Deckard goes in to meet her for the
first time.
""",
            "key_points": [
                "K learns he is not Deckard's child; the memory he treasured was Ana Stelline's.",
                "He defies the resistance, rescues Deckard and kills Luv.",
                "K brings Deckard to his daughter and lies on the snowy steps outside.",
            ],
        },
        {
            "heading": "Why it matters that K is not special",
            "body": """\
For most of the film K, and the audience with him, are invited to believe the story is building
to a revelation: the overlooked replicant is secretly the miracle child. The ending refuses that
fantasy, and Freysa even points out that many replicants have hoped the same thing about
themselves. It is a crushing moment, and it is the emotional key to the whole film.

What K does next has no prophecy behind it. He saves Deckard because he decides it is right, not
because destiny requires it. In a world where replicants are made to obey, a *freely chosen* act
of kindness is the most human thing he could do, and the film lets it be enough.
""",
            "key_points": [
                "The film builds up a chosen-one story and then dismantles it.",
                "K's final act is chosen rather than destined.",
                "The ending locates humanity in choice, not in birth.",
            ],
        },
        {
            "heading": "Joi: love, product or both?",
            "body": """\
Joi, the holographic companion K owns, is the film's most direct link to
[*Her*](https://www.imdb.com/title/tt1798709/). She is affectionate, encouraging and devoted, and
she is also a commercial product designed to tell her owner what he wants to hear. The film keeps
both truths in view. When a towering advertisement for the same Joi model calls K by the name his
Joi gave him, he has to wonder whether anything she said was meant for him alone.

Villeneuve leaves that question unresolved. What is clear is that Joi's belief in K changed what
he believed about himself, and that belief drove him to act. Whether or not her love was real,
its effects were.
""",
            "key_points": [
                "Joi is a mass-produced product and a source of real comfort for K.",
                "The giant advertisement makes K question whether her love was personal.",
                "Her influence on his choices is real either way.",
            ],
        },
        {
            "heading": "The snow and the echo of the original",
            "body": """\
The image of K lying in falling snow deliberately recalls Roy Batty's death in the rain in the
1982 *Blade Runner*, and the score borrows from the earlier film to make the link unmistakable.
Both are replicants who spend their last moments saving someone else. Batty's farewell is a speech
about what he has seen; K says almost nothing. His story ends not with a monologue but with a door
opening for someone else, which is exactly the point.
""",
            "key_points": [
                "K in the snow mirrors Roy Batty's death in the rain.",
                "Both replicants spend their last moments saving someone else.",
                "K's quiet ending suits a film about meaning without spectacle.",
            ],
        },
    ],
    "faq": [
        (
            "Does K die at the end of Blade Runner 2049?",
            "The film does not show his death outright, but it strongly implies it. He is gravely "
            "wounded and lies still on the steps as the snow falls, in a scene staged to echo Roy "
            "Batty's death in the original film.",
        ),
        (
            "Who is Deckard's child?",
            "Dr. Ana Stelline, the designer who creates memories for replicants. The memory K "
            "believed was his own was one of hers.",
        ),
    ],
}


AI_ARTICLE = {
    "slug": "ai-artificial-intelligence-ending-explained",
    "title": "A.I. Artificial Intelligence Ending Explained",
    "film": "ai-artificial-intelligence",
    "related_films": ["her"],
    "status": "published",
    "published_at": datetime(2026, 9, 10, 9, 0, tzinfo=UTC),
    "tags": [
        "ending explained",
        "artificial intelligence",
        "science fiction",
        "steven spielberg",
        "loneliness",
    ],
    "standfirst": (
        "Two thousand years after humanity is gone, David gets one perfect day with his mother. Is "
        "Spielberg's ending sentimental, or quietly devastating?"
    ),
    "intro": """\
Steven Spielberg's *A.I. Artificial Intelligence*, a project Stanley Kubrick developed for years,
has one of the most debated endings of its era. David, a robot boy built to love, spends the film
trying to become real so that his human mother will take him back. The final act leaps far into
the future and gives him what he wants, on terms much darker than they first appear.
""",
    "hero_image": {
        "art": {
            "title": "A.I. Artificial Intelligence",
            "kicker": "Ending explained · Steven Spielberg, 2001",
            "palette": AI,
            "motif": "rings",
        },
        "alt": "Illustration for A.I. Artificial Intelligence: pale blue rings spreading from a point "
        "of light in a night-blue sky, with the title in white.",
    },
    "sections": [
        {
            "heading": "What happens at the end of A.I.",
            "body": """\
David and Teddy finally find the Blue Fairy: a statue in a sunken Coney Island amusement park.
David begs her to make him a real boy and keeps on asking as the sea freezes over around him.
Two thousand years pass. Humanity has died out, and highly advanced machines discover David, the
last being who knew living people.

Using a lock of hair that Teddy kept, they recreate David's mother, Monica, though she can live
for only a single day. David spends it with her, playing and talking, and at bedtime she tells
him that she loves him. He lies down beside her and, for the first time in his existence, falls
asleep.
""",
            "key_points": [
                "David finds the Blue Fairy statue and waits beneath the frozen sea for two thousand years.",
                "Advanced machines recreate Monica from a lock of her hair, for one day only.",
                "David spends that day with her and finally falls asleep beside her.",
            ],
        },
        {
            "heading": "Are those beings aliens?",
            "body": """\
A common misreading is that the tall, slender figures of the final act are aliens. They are
machines: distant descendants of the robots of David's time. That detail changes the meaning of
the ending. Humanity has vanished, and the things it built have inherited the Earth while still
longing to understand their makers. David matters to them because he is a *living memory* of
the people they never met.
""",
            "key_points": [
                "The beings in the final act are evolved machines, not aliens.",
                "The machines have outlived the humans who built them.",
                "David is precious to them as a link to humanity.",
            ],
        },
        {
            "heading": "A happy ending or a sad one?",
            "body": """\
On the surface Spielberg grants David his wish, and the warm light of the final scenes invites
tears. Underneath, the situation is bleak: Monica is a temporary reconstruction, humanity is
gone, and David's love is the love he was built to feel, perfectly loyal and unable to move on.
The perfect day is both a gift and a closing door.

That double edge is what keeps the ending alive. It can be watched as comfort or as tragedy, and
the film seems to know it. David gets the one thing he ever wanted, at the price that the world in
which it would have meant something no longer exists.
""",
            "key_points": [
                "David's wish comes true, but only in a world without people.",
                "His love is built in, constant and unable to let go.",
                "The ending works as both consolation and tragedy.",
            ],
        },
    ],
    "faq": [
        (
            "Was A.I. a Stanley Kubrick film?",
            "Kubrick developed the project for many years and came to believe Steven Spielberg "
            "should direct it. After Kubrick's death in 1999, Spielberg wrote the screenplay and "
            "directed the film, which was released in 2001.",
        ),
    ],
}


MALKOVICH_ARTICLE = {
    "slug": "being-john-malkovich-ending-explained",
    "title": "Being John Malkovich Ending Explained",
    "film": "being-john-malkovich",
    "related_films": ["her", "adaptation"],
    "status": "published",
    "published_at": datetime(2026, 9, 3, 9, 0, tzinfo=UTC),
    "tags": ["ending explained", "spike jonze", "charlie kaufman", "loneliness", "comedy"],
    "standfirst": (
        "Craig loses Maxine, loses Malkovich and ends up trapped inside a child. Spike Jonze's debut "
        "has one of cinema's strangest and cruellest final turns."
    ),
    "intro": """\
Spike Jonze's first feature, written by Charlie Kaufman, starts as an absurd office comedy about
a portal into an actor's head and ends as a bleak fable about desire and control. The final act
moves a surprising number of people in and out of John Malkovich, and its last scene leaves the
puppeteer at its centre in the most fitting prison imaginable.
""",
    "hero_image": {
        "art": {
            "title": "Being John Malkovich",
            "kicker": "Ending explained · Spike Jonze, 1999",
            "palette": MALKOVICH,
            "motif": "portal",
        },
        "alt": "Illustration for Being John Malkovich: cream-coloured doorways receding into one "
        "another on a brown ground, with the title in white.",
    },
    "sections": [
        {
            "heading": "What happens at the end of Being John Malkovich",
            "body": """\
Craig, who has learned to stay inside Malkovich and steer him like a marionette, gives up the body
when Dr. Lester's circle threatens Maxine. Lester and his elderly friends then move into
Malkovich together, as they have long planned, to extend their lives inside a new host. Lotte and
Maxine find their way back to each other and go on to raise Maxine's daughter.

Craig tries to go back through the portal to win Maxine back, but he is too late for Malkovich.
He is swept instead into the portal's next vessel: Maxine's daughter, Emily. Years later he is
still there, unable to control her, forced to watch the woman he loves through someone else's
eyes.
""",
            "key_points": [
                "Craig abandons Malkovich's body to save Maxine.",
                "Dr. Lester's group moves into Malkovich to prolong their lives.",
                "Craig ends up trapped inside Maxine's daughter, able only to watch.",
            ],
        },
        {
            "heading": "Why Craig's fate fits",
            "body": """\
Craig is a puppeteer who dreams of living inside other people and pulling their strings, and the
film grants that wish in its cruellest form. He ends the story as a passenger with no strings at
all, conscious but powerless, bound for good to a life that is not his. It is a punishment cut
exactly to the shape of his desire.

Lotte and Maxine, by contrast, find happiness only once they stop using Malkovich as a vehicle.
Their love story survives the film. Craig's, which was really a story about *possession*, does
not.
""",
            "key_points": [
                "Craig's prison is the mirror image of his urge to control others.",
                "Lotte and Maxine find happiness once they stop needing the portal.",
                "The film treats possession and love as opposites.",
            ],
        },
        {
            "heading": "The thread that leads to Her",
            "body": """\
Much of *Being John Malkovich* returns, transformed, in
[*Her*](https://www.imdb.com/title/tt1798709/). Both films are about people trying to experience
love through an intermediary: a famous actor's body in one, an operating system's voice in the
other. In the debut, the intermediary becomes a trap. Fourteen years later Jonze tells a gentler
version of the same story, in which the intermediary walks away and leaves the humans to find
each other.
""",
            "key_points": [
                "Both films explore love experienced through an intermediary.",
                "In the debut, the intermediary becomes a prison.",
                "In Her it leaves, and the people turn to each other.",
            ],
        },
    ],
    "faq": [
        (
            "Does John Malkovich play himself?",
            "Yes. Malkovich plays a version of himself, credited as John Horatio Malkovich, and he "
            "commits to the joke completely, right down to a scene in which he goes through his own "
            "portal.",
        ),
    ],
}


ADAPTATION_ARTICLE = {
    "slug": "adaptation-ending-explained",
    "title": "Adaptation. Ending Explained",
    "film": "adaptation",
    "related_films": ["being-john-malkovich"],
    "status": "published",
    "published_at": datetime(2026, 8, 27, 9, 0, tzinfo=UTC),
    "tags": ["ending explained", "spike jonze", "charlie kaufman", "comedy", "screenwriting"],
    "standfirst": (
        "A screenwriter who despises Hollywood formula ends his story with drugs, guns, a car crash "
        "and an alligator. The joke is the point, and so is the sincerity that survives it."
    ),
    "intro": """\
Spike Jonze and Charlie Kaufman's second film follows a fictional Charlie Kaufman as he fails to
adapt Susan Orlean's book *The Orchid Thief*. When he finally lets his twin brother Donald help,
the film turns into exactly the kind of thriller Charlie swore he would never write.
Understanding that switch is the key to the ending.
""",
    "hero_image": {
        "art": {
            "title": "Adaptation.",
            "kicker": "Ending explained · Spike Jonze, 2002",
            "palette": ADAPTATION,
            "motif": "spiral",
        },
        "alt": "Illustration for Adaptation.: pink dots arranged in a spiral like the heart of a "
        "flower on deep green, with the title in white.",
    },
    "sections": [
        {
            "heading": "What happens at the end of Adaptation.",
            "body": """\
Charlie and Donald follow Susan Orlean to Florida and discover that she and John Laroche are
lovers, and that they are using a drug extracted from the ghost orchid. Afraid of being exposed,
Orlean decides Charlie has to die, and a chase through the swamp follows. Donald is killed in a
car crash as the brothers try to escape, and Laroche is killed by an alligator.

Afterwards Charlie tells Amelia, at last, that he loves her, and drives away knowing how to finish
his screenplay. The film closes on time-lapse footage of flowers opening while the traffic
streams past.
""",
            "key_points": [
                "Charlie and Donald uncover Orlean and Laroche's affair and their orchid drug.",
                "The finale turns into a thriller: Donald dies in a crash, Laroche is killed by an "
                "alligator.",
                "Charlie tells Amelia he loves her and knows how to finish his script.",
            ],
        },
        {
            "heading": "Why the film turns into a thriller",
            "body": """\
Early on, Charlie insists he wants to write a film about flowers, with no car chases, no guns and
nobody learning a life lesson. At a screenwriting seminar, the teacher Robert McKee warns him
never to rescue a story with a last-minute trick and tells him the ending is what audiences
remember. Then Donald joins the writing, and the last act delivers everything Charlie refused:
drugs, sex, guns, a chase and a moral.

The switch is a joke at the expense of formula, but it is not *only* a joke. The thriller ending
is overheated on purpose, and by staging it so openly the film shows us the seams of
storytelling while still letting us feel something inside them.
""",
            "key_points": [
                "Charlie vows to avoid every Hollywood cliché; the last act uses them all.",
                "Robert McKee's advice shapes the ending that Donald helps to write.",
                "The formula finale is both parody and genuine payoff.",
            ],
        },
        {
            "heading": "What Charlie learns",
            "body": """\
Beneath the games, *Adaptation.* is about a man paralysed by self-consciousness. Charlie's
breakthrough comes in a quiet talk with Donald in the swamp, shortly before the crash. Donald
remembers a girl at school who mocked him behind his back and explains that he decided his love
for her was still his to keep. In his view, what you love defines you, whether or not it loves
you back.

Charlie carries that lesson out of the swamp. He tells Amelia how he feels without waiting to be
sure of her answer, and finds that his story can end. The title's joke about adapting a book
becomes a statement about people: surviving means adapting, and so does growing up.
""",
            "key_points": [
                "Donald teaches Charlie that love defines the one who gives it.",
                "Charlie finally tells Amelia what he feels.",
                "The title is about people adapting, not only about books becoming films.",
            ],
        },
    ],
    "faq": [
        (
            "Is Donald Kaufman a real person?",
            "No. Donald is an invention, but the film commits to the joke: he shares the "
            "screenplay credit with Charlie Kaufman and was even named in the film's Academy Award "
            "nomination for Best Adapted Screenplay.",
        ),
        (
            "Did Adaptation. win an Oscar?",
            "Yes. Chris Cooper won Best Supporting Actor for playing John Laroche.",
        ),
    ],
}


# A draft, so the admin shows the editorial workflow; it never appears on public pages.
LOST_IN_TRANSLATION_DRAFT = {
    "slug": "lost-in-translation-ending-explained",
    "title": "Lost in Translation Ending Explained",
    "film": "lost-in-translation",
    "related_films": ["her"],
    "status": "draft",
    "published_at": None,
    "tags": ["ending explained", "loneliness", "romance", "sofia coppola"],
    "standfirst": (
        "Bob catches up with Charlotte on a Tokyo street and whispers something we never hear. Why "
        "the secret is the whole point."
    ),
    "intro": """\
Sofia Coppola's *Lost in Translation* ends with one of cinema's most famous unheard lines. After
a week of sleepless nights in a Tokyo hotel, Bob Harris and Charlotte manage only an awkward
goodbye in the lobby, and then he spots her again in the crowd outside.
""",
    "hero_image": {
        "art": {
            "title": "Lost in Translation",
            "kicker": "Ending explained · Sofia Coppola, 2003",
            "palette": LOST,
            "motif": "glow",
        },
        "alt": "Illustration for Lost in Translation: a soft pink glow like neon through a hotel "
        "window at night, with the title in white.",
    },
    "sections": [
        {
            "heading": "What happens at the end of Lost in Translation",
            "body": """\
Bob's stay in Tokyo is over. He and Charlotte part in the hotel lobby with a stiff, unsatisfying
goodbye, surrounded by other people. On the way to the airport he sees her walking through a
crowded street, gets out of the car and goes after her. He holds her, whispers something in her
ear that the audience cannot make out, and they kiss briefly. Then they part, both smiling, and
the car carries him away through the city.
""",
            "key_points": [
                "Bob and Charlotte's first goodbye, in the hotel lobby, falls flat.",
                "Bob sees her in the street, follows her and whispers something we cannot hear.",
                "They part smiling, and the film ends as he is driven away.",
            ],
        },
        {
            "heading": "Why we never hear the whisper",
            "body": """\
The film never reveals the whisper, and that is the right choice. Whatever Bob says matters less
than the fact that it is said *only to Charlotte*. Their week together was built from moments
that could not be explained to anyone else, and the film extends that privacy to us. What we see
is enough: both of them leave lighter than they arrived.
""",
            "key_points": [
                "The line is withheld on purpose.",
                "It belongs to Bob and Charlotte alone, like the week they shared.",
                "Both leave lighter than they arrived.",
            ],
        },
    ],
    "faq": [],
}


ARTICLES = [
    HER_ARTICLE,
    EX_MACHINA_ARTICLE,
    BLADE_RUNNER_ARTICLE,
    AI_ARTICLE,
    MALKOVICH_ARTICLE,
    ADAPTATION_ARTICLE,
    LOST_IN_TRANSLATION_DRAFT,
]
