"""Word lists and sentence patterns for ``seed_bulk``: plausible films, people and explainers.

Everything here is plain data. ``filmsite.demo.bulk`` combines it with a seeded random
generator, so the same seed always gives the same catalogue. The prose is original and
deliberately generic: it reads like an explainer without being about any real film.
"""


def _words(text):
    return text.split()


FIRST_NAMES = _words(
    """
Ada Adele Agnes Aiden Alba Alice Amara Amir Anders Andrea Anika Anton Arlo Astrid Aurora Ayla
Basil Beatrix Ben Bianca Blake Bruno Caleb Camille Carmen Cecil Celia Chiara Clara Colin Cora
Dalia Damian Daniel Dara Delia Dev Diego Dora Edith Elias Elif Eliza Elena Emil Enzo Esme Ezra
Farah Felix Fern Finn Flora Frida Gabriel Greta Gus Hana Hannah Harriet Hugo Ida Ilse Imogen
Ines Ingrid Iris Isaac Ivan Jade Jonah Joel Josefin Jude Julia Juno Kai Kamal Kasia Kenji Kit
Lara Leila Leon Levi Lila Linnea Lotte Luca Lucia Mae Malik Mara Marco Margot Mateo Maya Milo
Mina Miriam Nadia Naomi Nico Nils Nina Noor Nora Oda Olga Omar Orla Oscar Otto Pablo Paz Pia
Priya Quinn Rafael Rania Rex Rhea Rosa Rowan Ruth Sami Sana Selma Silas Simone Sofia Stellan
Suki Tam Tara Teo Thea Tobias Uma Vera Viggo Violet Wen Wilma Xavier Yara Yusuf Zara Zoe
"""
)

LAST_NAMES = _words(
    """
Abbott Adeyemi Ahlberg Alvarez Amari Andersen Arden Asante Bakker Baptiste Barros Bauer Becker
Bell Bergman Bianchi Blanchard Bonnet Brandt Brennan Caldwell Campos Carver Castellano Chen Cho
Conti Cortez Costa Dahl Dalton Delacroix Demir Diallo Dobrev Dufresne Ekström Ellison Engel
Esposito Falk Farrow Ferreira Fischer Fontaine Forde Fox Gallo Garnier Geller Greco Gunnarsson
Haas Halloran Hartmann Hayes Hedlund Holm Hughes Ibarra Ishikawa Ivanova Jansen Jensen Juarez
Kaplan Karlsson Kato Keller Kerr Kim Koval Kowalski Kruger Lambert Landry Larsen Laurent Lehmann
Leone Lind Lombardi Lorenz Lund Madsen Maier Marchetti Marek Marin Marsh Mendes Mercer Meyer
Moreau Morita Murray Nakamura Navarro Nielsen Novak Nyberg Oduya Okafor Olsen Ortega Osei Pace
Park Pereira Petrov Pham Quinlan Rahman Ramos Reyes Ricci Rivera Roth Rousseau Ruiz Russo Saito
Salazar Santos Sato Schmidt Serrano Shah Silva Sobieski Sorensen Stavros Strand Sung Suzuki
Takahashi Tanaka Thorne Torres Ueda Urban Vance Varga Vasquez Vidal Vogel Voss Wagner Walsh Weber
Wen Winter Wolff Yamada Yilmaz Young Zamora Zeller Zhou Zimmer
"""
)

TITLE_ADJECTIVES = _words(
    """
Silent Hollow Glass Burning Quiet Last Distant Broken Golden Crimson Pale Endless Hidden Lonely
Northern Borrowed Salt Paper Iron Velvet Winter Summer Midnight Electric Falling Sleeping Wild
Secret Second Lost Bright Narrow Open Empty Shallow Deep Crooked Gentle Violent Tender Savage
Weightless Restless Frozen Drowned Painted Forgotten Sunken Invisible Little Long Final Black
White Blue Green Red Amber Silver Copper Stone Ashen Luminous Strange Kind Cruel Marble Fragile
"""
)

TITLE_NOUNS = _words(
    """
Harbor Orchard Lighthouse Mirror River Garden House Road Tide Station Island Winter Summer Room
Country Machine Signal Letter Ceremony Season Frontier Archive Kingdom Theatre Harvest Window
Bridge Forest Shore Valley Tower Engine Mountain Empire Compass Promise Silence Echo Horizon
Desert Ocean Lantern Clockwork Carnival Chapel Cathedral Factory Motel Ferry Border Canal Cellar
Attic Orchestra Parade Reunion Wedding Funeral Inheritance Reckoning Crossing Descent Return
Departure Arrival Memory Dream Fever Storm Flood Drought Eclipse Comet Satellite Frequency
"""
)

PLACES = _words(
    """
Lisbon Oslo Marseille Nagasaki Tangier Reykjavik Trieste Havana Odessa Valparaíso Galway Kyoto
Tbilisi Palermo Bergen Quebec Dakar Hobart Gdańsk Porto Seville Tallinn Manila Nairobi Bruges
"""
)

GENRES = [
    "Drama",
    "Thriller",
    "Science fiction",
    "Horror",
    "Mystery",
    "Romance",
    "Comedy",
    "Crime",
    "Fantasy",
    "War",
    "Western",
    "Animation",
    "Documentary",
    "Musical",
    "Adventure",
    "Psychological thriller",
    "Coming of age",
    "Neo-noir",
]

THEMES = """
grief|memory|identity|free will|guilt|forgiveness|loneliness|ambition|faith|obsession|home|
exile|motherhood|fatherhood|friendship|betrayal|class|power|desire|regret|time|fate|redemption|
survival|innocence|revenge|love|jealousy|addiction|art|truth|control|fear|hope|nostalgia|
belonging|isolation|sacrifice|madness|ageing|childhood|war|loyalty|shame|pride|inheritance|
technology|surveillance|climate|migration|language|silence|violence|tenderness|doubt|
responsibility|history|myth|ritual|escape|solitude|complicity|mourning|masculinity|
sisterhood|marriage|divorce|ghosts|the afterlife|the self|fame|money|labour|community|care
""".replace("\n", "").split("|")

MOTIFS = """
the lighthouse|the red door|the last phone call|the empty chair|the cracked mirror|the music box|
the swimming pool|the locked room|the paper crane|the old photograph|the tide|the second moon|
the broken watch|the map|the letter|the song on the radio|the white horse|the staircase|
the fog|the burning house|the key|the dog|the bridge|the window|the snow|the elevator|
the birthday cake|the train|the wedding dress|the orchard|the voice on the tape|the blue coat|
the television static|the knife|the lake|the clock tower|the garden|the stray cat|the tunnel|
the ferris wheel|the last dance|the hotel corridor|the rain|the mask|the wristwatch|
the typewriter|the red balloon|the scar|the photograph album|the shadow|the ring|the car radio|
the rooftop|the bell|the chess game|the sunrise|the unopened envelope|the hospital bed|
the abandoned cinema|the bicycle|the ocean|the dream sequence|the nursery rhyme|the painting
""".replace("\n", "").split("|")

VERBS = [
    "walks away",
    "stays",
    "goes back",
    "lets go",
    "tells the truth",
    "keeps the secret",
    "burns the letter",
    "opens the door",
    "never looks back",
    "forgives her father",
    "chooses the island",
    "leaves the city",
    "smiles in the last shot",
    "stops running",
    "answers the phone",
]

# Paragraphs are film-agnostic so a pool of them can be rendered once and shared.
PARAGRAPHS = [
    "The last scene returns to {motif}, and this time nothing interrupts it. Earlier the film cut "
    "away whenever {motif} appeared; now the camera holds, which turns an image of {theme} into "
    "one of {theme2}.",
    "Read literally, the ending is simple: the journey is over and the house is empty. Read as a "
    "film about {theme}, it is closer to a confession, and {motif} is the proof the story keeps "
    "returning to.",
    "Much of the argument about this ending comes down to one cut. If you take the final minutes "
    "as real, the film is about *{theme}*; if you take them as imagined, it is about *{theme2}*, "
    "and both readings survive a second viewing.",
    "Notice how often {motif} is framed through a doorway. The film keeps its characters at a "
    "distance from what they want, and the ending is the first time anyone steps through.",
    "The score drops out for the final shot. After two hours of music telling us how to feel "
    "about {theme}, the silence asks us to decide for ourselves, which is the point.",
    "There is a quiet rhyme between the opening and the ending: {motif} appears in both, but the "
    "second time it belongs to someone else. That shift is the whole story of {theme} in one image.",
    "The screenplay plants the answer early. A throwaway line about {motif} in the first act "
    "becomes the key to the last one, and once you hear it, the ending stops looking like a twist.",
    "Some viewers read the ending as a punishment. It makes more sense as a release: the film "
    "spends its length on {theme}, and the last scene is the first one where nobody is afraid.",
    "The colour changes matter. The early scenes are cold and blue, the middle drifts toward "
    "amber, and by the end the light around {motif} is almost warm: a visual argument about {theme2}.",
    "It helps to remember who is telling the story. The narrator has reasons to soften what "
    "happened, and the ending, with {motif} left unexplained, is where that softening shows.",
    "The final confrontation is deliberately small. No speeches, no chase: two people, one room "
    "and {motif}. The film trusts that {theme} is dramatic enough on its own.",
    "A popular theory says the whole third act is a dream. The film offers evidence both ways, "
    "but the detail of {motif} (present when it should be gone) is the strongest case for it.",
    "What makes the ending land is restraint. The film could have explained {motif}; instead it "
    "lets the image sit, and the meaning moves from the plot to the audience.",
    "The ending is not a happy one, but it is not bleak either. It treats {theme} as something "
    "you carry rather than solve, and {motif} is what gets carried out of the frame.",
    "Look at the blocking in the last scene: for the first time the two leads share the centre of "
    "the frame. After a film built on separation, the composition alone tells you about {theme2}.",
    "The title only makes sense at the end. Until then it sounds like a place; in the final "
    "minutes it becomes a description of {theme}, and of what {motif} has stood for all along.",
    "Editors sometimes call this a hard cut to black, and it is meant to sting. The film refuses "
    "to tell us whether the choice about {theme} was right, because it does not think that is knowable.",
    "The supporting characters are quietly resolved in the background of the last scene: a wave, "
    "a closed shop, {motif} moved to a new place. Each is a small answer about {theme2}.",
    "On a second viewing the ending feels inevitable. Every conversation about {theme} was also "
    "a conversation about leaving, and {motif} was always the way out.",
    "The film borrows the shape of a ghost story without the ghost. What haunts the house is "
    "{theme}, and {motif} is the only thing in it that does not pretend otherwise.",
    "The sound design gives the game away: listen for {motif} under the dialogue in the final "
    "scene. It is faint, but it means the past has not gone anywhere.",
    "Critics split on whether the ending is earned. The case for it is that the film never "
    "promised closure, only honesty about {theme}, and the final image is honest.",
    "The ending leaves one question open on purpose. The answer matters less than the fact that "
    "the characters stop needing it, which is what the film believes about {theme2}.",
    "It is worth comparing the ending with the trailer, which cut around {motif} entirely. The "
    "marketing sold a thriller; the last scene reveals a film about {theme} all along.",
    "The final line of dialogue is a repeat of the first, with one word changed. That word is "
    "the distance the film has travelled, from {theme} to {theme2}.",
    "The film never shows the decision itself, only the morning after. By skipping the moment, "
    "it insists that what matters about {theme} is how you live with it.",
    "A small prop does a lot of work: {motif} is handed over, not taken. That gesture, more than "
    "anything said aloud, is how the story answers its question about {theme2}.",
    "The ending plays differently depending on whose film you think it is. Follow the younger "
    "character and it is about {theme}; follow the elder and it is about {theme2}.",
    "Nothing supernatural is confirmed, and nothing is ruled out. The film keeps {motif} "
    "ambiguous because the characters themselves cannot agree on what it means.",
    "The last minute is a single unbroken take. The refusal to cut makes the audience wait with "
    "the characters, and waiting, the film suggests, is most of what {theme} is.",
]

INTROS = [
    "The ending of this film divides audiences more than anything before it. Here is what "
    "happens, what **{motif}** means, and why the last scene is about *{theme}*.",
    "Few recent endings have been argued over as much as this one. We walk through the final "
    "act, the clues about **{motif}**, and the readings that hold up.",
    "If the last scene left you unsure, you are in good company. This explainer sets out what "
    "is shown, what is only suggested, and what **{motif}** has to do with *{theme}*.",
    "The final minutes reframe everything that came before. Below: a plain account of the "
    "ending, then the themes (*{theme}*, *{theme2}*) that make it work.",
    "Spoilers follow. We explain the ending scene by scene, then look at **{motif}** and the "
    "theories about *{theme}* that fans keep returning to.",
]

STEPS = [
    "1. **Watch {motif}.** It appears three times before the end, each time closer to the camera.\n"
    "2. **Listen to the score.** The main theme returns only once, in the last scene.\n"
    "3. **Count the doors.** Every important choice happens on a threshold.",
    "1. **Start with the first scene.** It is the ending's mirror image.\n"
    "2. **Follow {motif}.** Where it is, the story's sympathy is.\n"
    "3. **Ignore the trailer.** It was cut to hide the real subject, {theme}.",
    "1. **Note the date on screen.** The final act happens a year later than it seems.\n"
    "2. **Watch the background.** The answer about {theme} is in the last wide shot.\n"
    "3. **Stay for the credits.** The final sound is {motif}.",
    "1. **Trust the narrator less.** Their version of {theme} is the one on trial.\n"
    "2. **Look for {motif}.** It is missing from the one scene that might be a dream.\n"
    "3. **Listen to the last line.** It answers the first.",
]

HEADINGS = [
    "What happens at the end of {film}",
    "The final scene, shot by shot",
    "What {motif} means",
    "Why {character} {verb}",
    "Is the ending a dream?",
    "The theories, ranked",
    "What the director has said",
    "{Theme} and {theme2}",
    "The clues you might have missed",
    "How the ending was made",
    "The title, explained",
    "What happens to {character2}",
    "The ending the studio wanted",
    "Is there a post-credits scene?",
    "How it compares with the book",
    "Where the story could go next",
]

KEY_POINTS = [
    "In the final scene, {character} {verb}",
    "{Motif} is the film's central image",
    "The ending is about {theme}",
    "{character2} knew all along",
    "The last shot mirrors the first",
    "Nothing supernatural is confirmed",
    "The score drops out at the end",
    "The title refers to {theme2}",
]

ARTICLE_TITLES = [
    "{film} Ending Explained",
    "{film} Ending Explained: What {MotifTitle} Really Means",
    "Why {character} {verb} at the End of {film}",
    "{film} Explained: {ThemeTitle}, {Theme2Title} and the Final Scene",
    "The Final Scene of {film}, Explained",
    "{film}: Every Theory About the Ending",
    "{film} Ending: Is It a Dream?",
    "What Happens to {character2} in {film}?",
    "{film}: The Meaning of {MotifTitle}",
]

STANDFIRSTS = [
    "Why {character} {verb}, and what {motif} says about {theme}.",
    "The last scene of {film} is quieter than it looks: here is what it means.",
    "{Motif}, {theme} and one very long take: the ending of {film}, explained.",
    "What {character} knows in the final minutes, and why the film never says it aloud.",
    "A plain account of the ending of {film}, then the readings that hold up.",
]

FAQ_QUESTIONS = [
    "Is {character} dead at the end of {film}?",
    "Is there a post-credits scene in {film}?",
    "What does {motif} mean in {film}?",
    "Is {film} based on a true story?",
    "Will there be a sequel to {film}?",
    "Why does {character} {verb}?",
]

FAQ_ANSWERS = [
    "The film does not say outright. The last scene with {motif} suggests yes, but it is left "
    "open on purpose.",
    "No. The credits roll over {motif}, and that sound is the last thing the film offers.",
    "It stands for {theme}: it appears whenever a character has to choose between the past and "
    "what comes next.",
    "Not directly. The story borrows from several real events, but the characters are invented.",
    "Nothing has been announced, and the ending (especially {motif}) is designed to stand alone.",
    "Because staying would mean giving up on {theme2}. The film prepares that choice from the first act.",
]

POLL_QUESTIONS = [
    (
        "How would you describe the ending of {film}?",
        ["Happy", "Sad", "Bittersweet", "Open-ended", "Ambiguous"],
    ),
    ("Was the final act of {film} a dream?", ["Yes, all of it", "Only the last scene", "No, it was real"]),
    ("Did {character} make the right choice?", ["Yes", "No", "There was no right choice"]),
    ("What does {motif} stand for in {film}?", ["Grief", "Hope", "Memory", "Guilt"]),
]

AUTHORS = [
    ("Mara", "Lindqvist"),
    ("Theo", "Adeyemi"),
    ("Ines", "Marchetti"),
    ("Jonah", "Calloway"),
    ("Priya", "Raman"),
    ("Felix", "Okonkwo"),
    ("Harriet", "Vance"),
    ("Kenji", "Morita"),
    ("Lotte", "Brandt"),
    ("Omar", "Haddad"),
    ("Selma", "Aalto"),
    ("Rowan", "Pierce"),
]

# The most used tags come first (usage falls off with rank, as on a real site); the rest of
# the 5,000 are made from TAG_QUALIFIERS x TAG_SUBJECTS.
COMMON_TAGS = [
    "ending explained",
    "ambiguous ending",
    "twist ending",
    "science fiction",
    "psychological",
    "grief",
    "time",
    "memory",
    "family",
    "love",
    "identity",
    "dreams",
    "unreliable narrator",
    "open ending",
    "mystery",
    "horror",
    "romance",
    "thriller",
    "coming of age",
    "neo-noir",
    "dystopia",
    "artificial intelligence",
    "time loop",
    "small town",
    "road movie",
    "revenge",
    "survival",
    "cult classic",
    "festival favourite",
    "slow burn",
]

TAG_QUALIFIERS = _words(
    """
lonely quiet haunted broken lost secret forbidden final distant small urban rural coastal nocturnal
violent tender absurd bleak hopeful ambiguous silent musical political religious historical
futuristic postwar domestic maternal paternal corporate digital rural-noir gothic surreal
"""
)

TAG_SUBJECTS = _words(
    """
island house family marriage childhood memory journey city heist revenge war faith artist
detective ghost robot mother father daughter son sister brother friendship romance exile winter
summer sea forest desert prison hospital school village hotel circus cinema orchestra band
election newsroom courtroom farm mine factory border train ship spacecraft colony archive museum
library church wedding funeral inheritance invention pandemic flood storm eclipse
"""
)
