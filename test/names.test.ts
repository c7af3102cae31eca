/**
 * The secpack's naming conventions, in one module: documents, templates,
 * signatures, signers, and which file a signature belongs to.
 */
import { describe, expect, it } from 'vitest'
import {
  documentName,
  groupSignatures,
  isSignatureName,
  kindOf,
  pathspecOwners,
  signatureName,
  signerIn,
  signerOf,
} from '../src/names/secpack.js'

describe('secpack names', () => {
  it('tells documents, templates and other files apart', () => {
    expect(kindOf('qsb-080-2022.txt')).toBe('bulletin')
    expect(kindOf('canary-025-2020.txt')).toBe('canary')
    expect(kindOf('qsb-template.txt')).toBe('template')
    expect(kindOf('canary-template.txt')).toBe('template')
    expect(kindOf('xsa-109-risk-graph.dot')).toBe('other')
    expect(kindOf('canary-028-2021-letter-qst.txt')).toBe('other')
    expect(kindOf('qsb-080-2022.txt.sig.simon')).toBe('other')
    expect(documentName('QSBs/qsb-080-2022.txt')).toEqual({ kind: 'bulletin', number: 80, year: 2022 })
    expect(documentName('C:\\secpack\\canaries\\canary-025-2020.txt')).toEqual({ kind: 'canary', number: 25, year: 2020 })
    expect(documentName('qsb-80-2022.txt')).toBeNull()
  })

  it('names the thousandth bulletin and canary too (three digits at least, not exactly)', () => {
    expect(documentName('QSBs/qsb-1000-2090.txt')).toEqual({ kind: 'bulletin', number: 1000, year: 2090 })
    expect(documentName('canaries/canary-1000-2230.txt')).toEqual({ kind: 'canary', number: 1000, year: 2230 })
    expect(kindOf('qsb-1000-2090.txt')).toBe('bulletin')
  })

  it('takes signature names apart, `.sig.` and `.sign.`, from names, paths and URLs', () => {
    expect(signatureName('qsb-080-2022.txt.sig.marmarek')).toEqual({ document: 'qsb-080-2022.txt', signer: 'marmarek' })
    expect(signatureName('qsb-017-2015.txt.sign.joanna')).toEqual({ document: 'qsb-017-2015.txt', signer: 'joanna' })
    expect(signatureName('qsb-068-2021.txt.txt.sig.marmarek')).toEqual({ document: 'qsb-068-2021.txt.txt', signer: 'marmarek' })
    expect(signatureName('qsb-080-2022.txt.sig.')).toEqual({ document: 'qsb-080-2022.txt', signer: null })
    expect(signatureName('qsb-080-2022.txt')).toBeNull()
    expect(signatureName('.sig.x')).toBeNull()
    expect(signerOf('https://example.org/QSBs/qsb-088-2023.txt.sig.simon?raw=1#x')).toBe('simon')
    expect(signerOf('QSBs\\x.txt.sign.joanna')).toBe('joanna')
    expect(signerOf('x.txt.asc')).toBeNull()
    expect(isSignatureName('x.txt.sig.a')).toBe(true)
    expect(isSignatureName('x.txt')).toBe(false)
  })

  it('gives a name to every document whose pathspecs match it', () => {
    expect(pathspecOwners('a.txt')).toEqual(['a.txt'])
    expect(pathspecOwners('a.txt.sig.x')).toEqual(['a.txt.sig.x', 'a.txt'])
    expect(pathspecOwners('a.txt.sign.x.sig.y')).toEqual(['a.txt.sign.x.sig.y', 'a.txt', 'a.txt.sign.x'])
    expect(pathspecOwners('a.txt.txt.sig.x')).not.toContain('a.txt')
    expect(signerIn('a.txt', 'a.txt.sign.x.sig.y')).toBe('x.sig.y')
  })

  it('gives each signature in a folder to the longest name it could sign that is there', () => {
    const groups = groupSignatures([
      'a.txt',
      'a.txt.sig.x',
      'a.txt.sign.y',
      'a.txt.sig.x.sig.z',
      'b.txt.sig.x',
      'c.txt',
      'c.txt.txt.sig.q',
    ])
    expect(Object.fromEntries(groups)).toEqual({
      'a.txt': ['a.txt.sig.x', 'a.txt.sign.y'],
      // A signature of a signature: the signed signature is reported as a file too.
      'a.txt.sig.x': ['a.txt.sig.x.sig.z'],
      // A signature whose file is missing stands alone.
      'b.txt.sig.x': [],
      'c.txt': [],
      'c.txt.txt.sig.q': [],
    })
  })
})
